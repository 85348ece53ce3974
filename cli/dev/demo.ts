/**
 * `errand dev --demo`: one request through the whole stack, as a user would make it. Stores a
 * secret encrypted to the keystore's key for the repository, requests the execution, and prints
 * each step the stack reports (claimed, compiled, secrets granted, executed, resolved) and the
 * settlement read back from the chain (charged, refunded, fuel). Succeeds only when the request
 * was resolved with the expected output.
 */
import { randomBytes } from 'node:crypto';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { encryptSecrets } from '../../keystore/index.ts';
import type { ResourceLimits } from '../../common/types/index.ts';
import type { DevStack } from './startDevStack.ts';
import { prepareDemoProgram, type DemoProgram } from './demoProgram.ts';
import { HOST_TOOLS, type ProbeResult } from '../../worker/sandbox/probeHost.ts';

/** Why the demo runs AssemblyScript when bubblewrap does not work (the workers then build with the npm compiler in a thread). */
const NO_SANDBOX_REASON = `bubblewrap is missing, so C and Rust cannot compile here; AssemblyScript compiles without it in development mode (its npm compiler runs in a worker thread, no network, no build scripts); install it with: ${HOST_TOOLS.bwrap.install}`;
const LIMITS: ResourceLimits = { maxInstructions: 50_000_000, maxMemoryMb: 64, maxExecutionMs: 5_000, maxCompileMs: 120_000 };
const yocto = (v: string | bigint): string => `${(Number(BigInt(v) / 10n ** 18n) / 1e6).toFixed(6)} NEAR`;

export interface DemoOutcome {
  ok: boolean;
  output: string;
  expected: string;
}

/** The C HMAC example when clang-14 compiled in the probe (and bubblewrap works), else AssemblyScript, saying why. */
export function chooseDemoProgram(workDir: string, tools: readonly ProbeResult[]): DemoProgram {
  const works = (tool: ProbeResult['tool']): boolean | undefined => tools.find((t) => t.tool === tool)?.ok;
  const noSandbox = works('bwrap') === false;
  return prepareDemoProgram(workDir, noSandbox ? false : works('clang-14'), noSandbox ? NO_SANDBOX_REASON : undefined);
}

/** `tools`: what `errand dev` found by probing (empty when it did not probe, as with Docker builds). */
export async function runDemo(stack: DevStack, workDir: string, say: (line: string) => void, tools: readonly ProbeResult[] = []): Promise<DemoOutcome> {
  const { chain } = stack;
  const program = chooseDemoProgram(workDir, tools);
  say(`program: ${program.name} — ${program.reason}`);
  say(`source:  ${program.repoUrl} (branch main)`);
  const user = chain.clientFor(chain.userId);
  const secret = randomBytes(16).toString('hex');

  let secretsRef: { owner: string; profile: string } | undefined;
  if (program.usesSecret) {
    const scope = { chain: 'near' as const, owner: chain.userId, repo: program.repoUrl, branch: null };
    const pub = await new CoordinatorClient({ baseUrl: stack.coordinator.url }).keystorePublicKey({
      chain: 'near',
      owner: chain.userId,
      repo: program.repoUrl,
    });
    const envelope = encryptSecrets(pub.publicKey, scope, 'default', { HMAC_KEY: secret });
    const stored = await user.storeSecrets(
      { repo: program.repoUrl, branch: null, profile: 'default', encrypted: envelope, accessCondition: { type: 'Whitelist', accounts: [chain.userId] } },
      10n ** 23n,
    );
    say(
      `secret:  HMAC_KEY stored encrypted on-chain for ${chain.userId} (storage deposit ${yocto(stored.storageDeposit)}; the plaintext never left this process)`,
    );
    secretsRef = { owner: chain.userId, profile: 'default' };
  }

  const input = 'hello from errand dev';
  const deposit = await user.estimateCost(LIMITS, undefined, { inputBytes: Buffer.byteLength(input) });
  const { txHash, requestId } = await user.requestExecution(
    { source: { kind: 'git', repo: program.repoUrl, commit: 'main', target: 'wasm32-wasip1' }, input, limits: LIMITS, secretsRef },
    deposit,
  );
  say(`requested: request #${requestId}, deposit ${yocto(deposit)} (tx ${txHash.slice(0, 10)}…)`);

  const response = (await user.waitForResult(txHash, chain.userId)) as {
    success: boolean;
    output?: { value?: string };
    error?: { code: string; message: string };
  };
  const view = (await user.view('get_request', { request_id: Number(requestId) })) as {
    status: string;
    charged: string;
    refunded: string;
    storage_fee: string | null;
    resolved_by: string | null;
    resources_used: { instructions: number; time_ms: number; compile_time_ms: number } | null;
  };
  const used = view.resources_used;
  say(
    `resolved: status ${view.status} by ${view.resolved_by ?? '-'}; success=${response.success}${response.error ? ` (${response.error.code}: ${response.error.message})` : ''}`,
  );
  if (used) say(`usage:   ${used.instructions.toLocaleString('en-US')} fuel, ${used.time_ms} ms execution, ${used.compile_time_ms} ms compile`);
  say(
    `refunded: ${yocto(view.refunded)} of ${yocto(deposit)} back to ${chain.userId}; charged ${yocto(view.charged)}; storage fee ${yocto(view.storage_fee ?? '0')} (kept for the request record)`,
  );
  const output = response.output?.value ?? '';
  const expected = program.expectedOutput(input, secret);
  say(`result:  ${JSON.stringify(output)}`);
  const ok = response.success && output === expected;
  say(ok ? 'demo: the result matches the expected output' : `demo: FAILED, expected ${JSON.stringify(expected)}`);
  return { ok, output, expected };
}
