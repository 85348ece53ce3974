/**
 * The end-to-end tests' harness: the whole dev stack (local chain with the real contract, keystore,
 * coordinator on the real Postgres/Redis when DATABASE_URL/REDIS_URL are set, workers compiling in
 * bubblewrap), a repository holding the test program, and a requester that reads the settlement
 * back from the chain.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevStack, type DevStack, type DevStackOptions } from '../../cli/dev/startDevStack.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import type { HttpCapability, ResourceLimits, ResponseFormat, SecretsRef } from '../../common/types/index.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { gitRepoWith } from '../worker/loop/helpers.ts';
import { scratchDir } from '../setup/scratchDirs.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export const LIMITS: ResourceLimits = { maxInstructions: 2_000_000_000, maxMemoryMb: 64, maxExecutionMs: 20_000, maxCompileMs: 120_000 };

export interface StepLog {
  steps: Array<{ step: string; detail: Record<string, unknown> }>;
  of(step: string): Array<Record<string, unknown>>;
}

export function stepLog(): StepLog {
  const steps: StepLog['steps'] = [];
  return { steps, of: (step) => steps.filter((s) => s.step === step).map((s) => s.detail) };
}

export async function startE2eStack(steps: StepLog, over: Partial<DevStackOptions> = {}): Promise<DevStack> {
  return startDevStack({
    dataDir: scratchDir('errand-e2e-'),
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    coordinatorPort: 0,
    onStep: (step, detail) => steps.steps.push({ step, detail }),
    ...over,
  });
}

export function programRepo(): string {
  return gitRepoWith({ 'main.c': readFileSync(path.join(here, 'fixtures/program.c'), 'utf8') }).url;
}

/** The commit hash `main` points at in a file:// repository. */
export function headCommit(repoUrl: string): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: fileURLToPath(repoUrl) })
    .toString()
    .trim();
}

export interface Settled {
  requestId: string;
  deposit: bigint;
  baseFee: bigint;
  response: { success: boolean; output?: { format: string; value: string }; error?: { code: string; message: string } };
  view: { status: string; charged: string; refunded: string; storage_fee: string; resolved_by: string | null; resources_used: { instructions: number } | null };
}

/** request_execution as the dev user (or `as`), then waits for the caller's promise to resolve. */
export async function requestAndSettle(
  stack: DevStack,
  repo: string,
  input: string | Uint8Array,
  opts: { secretsRef?: SecretsRef; limits?: ResourceLimits; as?: string; commit?: string; responseFormat?: ResponseFormat; http?: HttpCapability } = {},
): Promise<Settled> {
  const who = opts.as ?? stack.chain.userId;
  const client = stack.chain.clientFor(who);
  const limits = opts.limits ?? LIMITS;
  const deposit = await client.estimateCost(limits, undefined, { inputBytes: Buffer.byteLength(input), http: opts.http });
  const { txHash, requestId } = await client.requestExecution(
    {
      source: { kind: 'git', repo, commit: opts.commit ?? 'main', target: 'wasm32-wasip1' },
      input,
      limits,
      secretsRef: opts.secretsRef,
      responseFormat: opts.responseFormat,
      http: opts.http,
    },
    deposit,
  );
  const response = (await waitForResult(client, txHash, who)) as Settled['response'];
  const view = (await client.view('get_request', { request_id: Number(requestId) })) as Settled['view'];
  const config = (await client.view('get_config')) as { pricing: { base_fee: string } };
  return { requestId, deposit, baseFee: BigInt(config.pricing.base_fee), response, view };
}

/** The node answers a long wait with a timeout (10 s on the local chain): ask again, up to 3 minutes. */
export async function waitForResult(client: ReturnType<DevStack['chain']['clientFor']>, txHash: string, who: string): Promise<unknown> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      return await client.waitForResult(txHash, who);
    } catch (e) {
      if (!isErrandError(e, 'COMMON__TIMEOUT') || Date.now() > deadline) throw e;
    }
  }
}

export function admin(stack: DevStack): CoordinatorClient {
  return new CoordinatorClient({ baseUrl: stack.coordinator.url, token: stack.coordinator.adminToken });
}
