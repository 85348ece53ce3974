/**
 * `errand dev --chain solana --demo`: one request through the whole stack on the local Solana, as
 * a dApp would make it, the twin of demo.ts: a secret encrypted to the keystore's key for the
 * repository and stored on the Errand program (as `errand secrets store --chain solana` does), then
 * request_execution from the dev user's key naming it, then the settlement read back from the
 * program's event (output, charge, refund). The program is demo.ts's choice (the C HMAC example,
 * or the AssemblyScript one, which uses no secret, where C cannot build). Succeeds only when the
 * on-chain output is the expected one and charge + refund is the deposit.
 */
import { randomBytes } from 'node:crypto';
import { LAMPORTS_PER_SOL, PublicKey } from '@solana/web3.js';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { waitForSettlement, type Limits } from '../../contracts/solana/client/index.ts';
import { storeSolanaSecrets } from '../../keystore/client/solanaSecretsOnChain.ts';
import { encryptSecrets } from '../../keystore/index.ts';
import type { ProbeResult } from '../../worker/sandbox/probeHost.ts';
import { chooseDemoProgram, type DemoOutcome } from './demo.ts';
import type { DevStack } from './startDevStack.ts';

const LIMITS: Limits = { maxInstructions: 50_000_000n, maxMemoryMb: 64n, maxExecutionMs: 5_000n, maxCompileMs: 120_000n };
const sol = (v: bigint): string => `${(Number(v) / LAMPORTS_PER_SOL).toFixed(6)} SOL`;

export async function runSolanaDemo(stack: DevStack, workDir: string, say: (line: string) => void, tools: readonly ProbeResult[] = []): Promise<DemoOutcome> {
  const solana = stack.solana!;
  const program = chooseDemoProgram(workDir, tools);
  say(`program: ${program.name} — ${program.reason}`);
  say(`source:  ${program.repoUrl} (branch main)`);
  const user = solana.client(solana.user);
  const owner = solana.user.publicKey.toBase58();
  const secret = randomBytes(16).toString('hex');

  let secretsRef: { owner: PublicKey; profile: string } | null = null;
  if (program.usesSecret) {
    const pub = await new CoordinatorClient({ baseUrl: stack.coordinator.url }).keystorePublicKey({ chain: 'solana', owner, repo: program.repoUrl });
    const envelope = encryptSecrets(pub.publicKey, { chain: 'solana', owner, repo: program.repoUrl, branch: null }, 'default', { HMAC_KEY: secret });
    const stored = await storeSolanaSecrets(user, {
      repo: program.repoUrl,
      branch: null,
      profile: 'default',
      envelope,
      condition: { type: 'Whitelist', accounts: [owner] },
    });
    say(`secret:  HMAC_KEY stored encrypted on-chain for ${owner} (rent ${sol(stored.rent)}, refunded on delete; the plaintext never left this process)`);
    secretsRef = { owner: new PublicKey(owner), profile: 'default' };
  }

  const input = 'hello from errand dev';
  const sent = await user.requestExecution({
    source: { kind: 'git', repo: program.repoUrl, commit: 'main', target: 'wasm32-wasip1' },
    input: { kind: 'inline', data: Buffer.from(input) },
    limits: LIMITS,
    secretsRef,
  });
  const deposit = BigInt(String(sent.event.data['deposit']));
  say(`requested: request #${sent.requestId} (${sent.request.toBase58()}), deposit ${sol(deposit)} (tx ${sent.signature.slice(0, 10)}…)`);
  const s = await waitForSettlement(user, sent.request);
  const used = s.resourcesUsed;
  say(`resolved: ${s.kind} by ${s.worker ?? '-'}; success=${s.success}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`);
  if (used) say(`usage:   ${used.instructions.toLocaleString('en-US')} fuel, ${used.timeMs} ms execution, ${used.compileTimeMs} ms compile`);
  say(
    `refunded: ${sol(s.refund)} of ${sol(deposit)} back to ${solana.user.publicKey.toBase58()}, and the request's rent ${sol(s.rentRefund)}; charged ${sol(s.charged)}`,
  );
  const output = s.output?.toString('utf8') ?? '';
  const expected = program.expectedOutput(input, secret);
  say(`result:  ${JSON.stringify(output)}`);
  const ok = s.success && output === expected && s.charged + s.refund === deposit;
  say(ok ? 'demo: the result matches the expected output' : `demo: FAILED, expected ${JSON.stringify(expected)}`);
  return { ok, output, expected };
}
