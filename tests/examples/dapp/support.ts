/**
 * The dApp example's test world: the local NEAR chain (gas price 0, so every balance change is the
 * contracts' own money flow), the committed errand.wasm initialised, the dApp contract built from
 * examples/dapp/contract by its build.sh into os.tmpdir() and initialised (unless withDapp is
 * false), a requester and a registered worker.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { actionCreators } from '@near-js/transactions';
import { LocalNear } from '../../../contracts/near/local/index.ts';
import { ErrandNearClient, NearChainWatcher, NearResolveSubmitter, TxSender } from '../../../contracts/near/client/index.ts';
import type { ResolveOutcome } from '../../../common/ports/index.ts';
import type { ExecutionRequest, ExecutionResponse, ResourceLimits } from '../../../common/types/index.ts';

export const NEAR = 10n ** 24n;
export const TGAS = 10n ** 12n;
export const ERRAND = 'errand.test';
export const DAPP = 'dapp.test';
export const ALICE = 'alice.test';
export const WORKER = 'worker.test';
export const LIMITS: ResourceLimits = { maxInstructions: 1_000_000, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 0 };
/** The same limits as the contract's JSON, which is what the dApp's `ask` forwards. */
export const WIRE_LIMITS = { max_instructions: 1_000_000, max_memory_mb: 64, max_execution_ms: 1000, max_compile_ms: 0 };
export const WIRE_SOURCE = { kind: 'git', repo: 'https://example.com/app.git', commit: 'abc123', target: 'wasm32-wasip1' };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RUSTC = '/usr/bin/rustc';

let built: Promise<Uint8Array> | null = null;

/** Builds the dApp contract once per test process through its own build.sh. */
export function dappWasm(): Promise<Uint8Array> {
  built ??= (async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'errand-dapp-'));
    try {
      await promisify(execFile)(path.join(repoRoot, 'examples/dapp/contract/build.sh'), [out], { timeout: 120_000 });
      return new Uint8Array(await readFile(path.join(out, 'dapp.wasm')));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  })();
  return built;
}

export interface World {
  near: LocalNear;
  errandAs(accountId: string): ErrandNearClient;
  close(): Promise<void>;
}

export async function startWorld(opts: { requestTimeoutBlocks?: number; yieldTimeoutBlocks?: number; withDapp?: boolean } = {}): Promise<World> {
  const near = await LocalNear.start({ gasPrice: 0n, blockIntervalMs: 5, ...(opts.yieldTimeoutBlocks ? { yieldTimeoutBlocks: opts.yieldTimeoutBlocks } : {}) });
  try {
    for (const id of [ERRAND, DAPP, ALICE, WORKER]) near.createAccount(id, 100n * NEAR);
    near.createAccount('owner.test', 10n * NEAR);
    near.deployContract(ERRAND, new Uint8Array(await readFile(path.join(repoRoot, 'contracts/near/errand.wasm'))));
    const senderOf = (accountId: string): TxSender => new TxSender({ provider: near.provider, accountId, secretKey: near.secretKeyOf(accountId) });
    const errandAs = (accountId: string): ErrandNearClient => new ErrandNearClient(ERRAND, near.provider, senderOf(accountId));
    await errandAs(ERRAND).call('new', { owner_id: 'owner.test', request_timeout_blocks: opts.requestTimeoutBlocks ?? 200 });
    if (opts.withDapp !== false) {
      near.deployContract(DAPP, await dappWasm());
      await new ErrandNearClient(DAPP, near.provider, senderOf(DAPP)).call('new', { errand_contract: ERRAND });
    }
    const workerSender = senderOf(WORKER);
    // The worker signs resolve_execution with the key it registers; 10 NEAR is API.md's default min_stake.
    await new ErrandNearClient(ERRAND, near.provider, workerSender).registerWorker(workerSender.signerPublicKey, 'cd'.repeat(32), 10n * NEAR);
    return { near, errandAs, close: () => near.close() };
  } catch (e) {
    await near.close();
    throw e;
  }
}

export interface RawOutcome {
  status: { SuccessValue?: string; Failure?: unknown } | string;
  receipts_outcome: { outcome: { logs: string[]; executor_id: string } }[];
}

/** Calls the dApp as `from` and waits until every receipt ran (for `ask`: until on_result ran). */
export async function callDapp(near: LocalNear, from: string, method: string, args: unknown, deposit = 0n, gas = 300n * TGAS): Promise<RawOutcome> {
  return (await near.account(from).signAndSendTransaction({
    receiverId: DAPP,
    actions: [actionCreators.functionCall(method, new TextEncoder().encode(JSON.stringify(args)), gas, deposit)],
    waitUntil: 'EXECUTED_OPTIMISTIC',
    throwOnFailure: false,
  })) as unknown as RawOutcome;
}

/** The transaction's final value as JSON, or the contract's "ERR_...: message" failure as an Error. */
export function finalValue(out: RawOutcome): unknown {
  const st = typeof out.status === 'object' ? out.status : {};
  if (st.Failure !== undefined) {
    const text = JSON.stringify(st.Failure);
    throw new Error(/(ERR_[A-Z_]+: [^"\\]*)/.exec(text)?.[1] ?? text);
  }
  const text = Buffer.from(st.SuccessValue ?? '', 'base64').toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

export const balance = (near: LocalNear, id: string): bigint => near.viewAccount(id)?.amount ?? 0n;

/** The first `execution_requested` event on the Errand contract, through the client's watcher. */
export async function nextRequested(world: World): Promise<ExecutionRequest> {
  const watcher = new NearChainWatcher({ contractId: ERRAND, provider: world.near.provider });
  let cursor: string | null = null;
  for (let i = 0; i < 200; i++) {
    const batch = await watcher.poll(cursor);
    const ev = batch.events.find((e) => e.kind === 'execution_requested');
    if (ev?.kind === 'execution_requested') return ev.request;
    cursor = batch.cursor;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no execution_requested event');
}

/** Resolves as the registered worker, signing with its key (what the worker process does). */
export const resolveAsWorker = (world: World, requestId: string, response: ExecutionResponse): Promise<ResolveOutcome> =>
  new NearResolveSubmitter(world.errandAs(WORKER)).resolve({ chain: 'near', contractId: ERRAND, requestId }, response);
