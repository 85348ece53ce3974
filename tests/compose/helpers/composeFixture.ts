/**
 * What the compose test prepares on the host before `up`: a directory shared with the containers
 * (same path inside, so file:// sources and the sibling build containers' binds resolve), the
 * keystore's master secret, the workers' build dirs, the program's git repository, and free ports.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './composeStack.ts';
import { TicketSigner } from '../../../common/tickets/index.ts';

export interface ComposeFixture {
  dir: string;
  repoUrl: string;
  commit: string;
  ports: { CHAIN_PORT: string; PG_PORT: string; REDIS_PORT: string; KEYSTORE_PORT: string; COORDINATOR_PORT: string };
  /** The coordinator's claim-ticket public key (its seed is the coordinator_ticket_key secret). */
  ticketPublicKey: string;
}

async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return String(port);
}

export async function composeFixture(): Promise<ComposeFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'errand-compose-'));
  // Containers run as other users (node, nobody): they must traverse and read it.
  chmodSync(dir, 0o755);
  writeFileSync(path.join(dir, 'keystore-master.key'), randomBytes(32).toString('hex'), { mode: 0o644 });
  const ticketSeed = randomBytes(32).toString('hex');
  writeFileSync(path.join(dir, 'coordinator-ticket.key'), ticketSeed, { mode: 0o644 });
  for (const d of ['builds-1', 'builds-2']) chmodSync((mkdirSync(path.join(dir, d)), path.join(dir, d)), 0o755);
  const repo = path.join(dir, 'repo');
  mkdirSync(repo);
  copyFileSync(path.join(REPO_ROOT, 'tests/e2e/fixtures/program.c'), path.join(repo, 'main.c'));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo, stdio: 'pipe' }).toString().trim();
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'program');
  execFileSync('chmod', ['-R', 'a+rX', repo]);
  const ports = {
    CHAIN_PORT: await freePort(),
    PG_PORT: await freePort(),
    REDIS_PORT: await freePort(),
    KEYSTORE_PORT: await freePort(),
    COORDINATOR_PORT: await freePort(),
  };
  return { dir, repoUrl: `file://${repo}`, commit: git('rev-parse', 'HEAD'), ports, ticketPublicKey: TicketSigner.fromSeedHex(ticketSeed).publicKeyHex };
}
