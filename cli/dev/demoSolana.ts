/**
 * `errand dev --chain solana --demo`: one request through the whole stack on the local Solana, as
 * a dApp would make it: request_execution from the dev user's key, then the settlement read back
 * from the program's event (output, charge, refund). Runs a program without secrets: the keystore
 * reads secrets entries from NEAR only here. Succeeds only when the on-chain output is the
 * expected one.
 */
import { LAMPORTS_PER_SOL } from '@solana/web3.js';
import { waitForSettlement, type Limits } from '../../contracts/solana/client/index.ts';
import type { ProbeResult } from '../../worker/sandbox/probeHost.ts';
import type { DemoOutcome } from './demo.ts';
import { prepareDemoProgram } from './demoProgram.ts';
import type { DevStack } from './startDevStack.ts';

const LIMITS: Limits = { maxInstructions: 50_000_000n, maxMemoryMb: 64n, maxExecutionMs: 5_000n, maxCompileMs: 120_000n };
const sol = (v: bigint): string => `${(Number(v) / LAMPORTS_PER_SOL).toFixed(6)} SOL`;

export async function runSolanaDemo(stack: DevStack, workDir: string, say: (line: string) => void, tools: readonly ProbeResult[] = []): Promise<DemoOutcome> {
  const solana = stack.solana!;
  const bwrapOk = tools.find((t) => t.tool === 'bwrap')?.ok !== false;
  // The program that needs no secret: AssemblyScript builds with or without bubblewrap.
  const program = prepareDemoProgram(workDir, false, bwrapOk ? 'a program without secrets (Solana secrets are read by the keystore once it reads Solana)' : 'bubblewrap is missing: AssemblyScript builds without it in development mode');
  say(`program: ${program.name} — ${program.reason}`);
  say(`source:  ${program.repoUrl} (branch main)`);
  const user = solana.client(solana.user);
  const input = 'hello from errand dev';
  const sent = await user.requestExecution({ source: { kind: 'git', repo: program.repoUrl, commit: 'main', target: 'wasm32-wasip1' }, input: { kind: 'inline', data: Buffer.from(input) }, limits: LIMITS });
  const deposit = BigInt(String(sent.event.data['deposit']));
  say(`requested: request #${sent.requestId} (${sent.request.toBase58()}), deposit ${sol(deposit)} (tx ${sent.signature.slice(0, 10)}…)`);
  const s = await waitForSettlement(user, sent.request);
  const used = s.resourcesUsed;
  say(`resolved: ${s.kind} by ${s.worker ?? '-'}; success=${s.success}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`);
  if (used) say(`usage:   ${used.instructions.toLocaleString('en-US')} fuel, ${used.timeMs} ms execution, ${used.compileTimeMs} ms compile`);
  say(`refunded: ${sol(s.refund)} of ${sol(deposit)} back to ${solana.user.publicKey.toBase58()}, and the request's rent ${sol(s.rentRefund)}; charged ${sol(s.charged)}`);
  const output = s.output?.toString('utf8') ?? '';
  const expected = program.expectedOutput(input, '');
  say(`result:  ${JSON.stringify(output)}`);
  const ok = s.success && output === expected && s.charged + s.refund === deposit;
  say(ok ? 'demo: the result matches the expected output' : `demo: FAILED, expected ${JSON.stringify(expected)}`);
  return { ok, output, expected };
}
