/**
 * `errand dev` as a user runs it: a child process (directly, or through `npm start`), ready once
 * its stack.json appears. Used by the CLI tests that drive commands against a real stack.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface DevProcess {
  child: ChildProcess;
  dataDir: string;
  stack: { pid: number; coordinatorUrl: string };
  output(): string;
  /** SIGTERM (to the child: npm when started through npm); resolves with ms until `pid` was gone. */
  stop(pid?: number): Promise<number>;
}

function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

export async function startDev(
  dataDir: string,
  opts: { viaNpm?: boolean; readyTimeoutMs?: number; env?: NodeJS.ProcessEnv; args?: string[] } = {},
): Promise<DevProcess> {
  const args = ['--data-dir', dataDir, ...(opts.args ?? [])];
  // The embedded defaults a newcomer gets (PGlite, in-process wake-ups), whatever the test run uses.
  const env = { ...process.env, ...opts.env };
  delete env['DATABASE_URL'];
  delete env['REDIS_URL'];
  const child = opts.viaNpm
    ? spawn('npm', ['start', '--silent', '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env })
    : spawn(process.execPath, ['bin/errand.mjs', 'dev', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const file = path.join(dataDir, 'stack.json');
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 180_000);
  while (!existsSync(file)) {
    if (child.exitCode !== null) throw new Error(`errand dev exited ${child.exitCode} before it was ready:\n${text}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`errand dev was not ready in time:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stack = JSON.parse(readFileSync(file, 'utf8')) as DevProcess['stack'];
  return {
    child,
    dataDir,
    stack,
    output: () => text,
    async stop(pid = stack.pid) {
      const t0 = Date.now();
      child.kill('SIGTERM');
      while (!gone(pid) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 20));
      const ms = Date.now() - t0;
      if (!gone(pid)) process.kill(pid, 'SIGKILL');
      if (child.exitCode === null && child.signalCode === null) {
        // npm itself must exit too; a wrapper that hangs is killed rather than hanging the suite.
        const exited = new Promise((r) => child.once('exit', r));
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      return ms;
    },
  };
}

export async function errand(args: string[], timeoutMs = 180_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['bin/errand.mjs', ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
