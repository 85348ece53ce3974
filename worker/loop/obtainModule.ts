/**
 * Gets the module a claim needs, compiling it at most once across all workers: the cache is checked
 * first, then the coordinator's compile lock for the pinned source decides who builds; the others
 * wait for the module to appear in the cache (or for the lock to be free again if its holder died).
 * The compile job is completed while the lock is still held: the coordinator indexes the module
 * under the source key on completion, so releasing earlier would let a waiter compile again.
 */
import type { Logger } from '../../common/logger.ts';
import { sleep } from '../../common/abort.ts';
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionSource, Sha256Hex } from '../../common/types/index.ts';
import type { CompileLock, CoordinatorPort } from './CoordinatorPort.ts';
import type { ModuleBuilder } from './ModuleBuilder.ts';
import { pinnedSourceKey } from './ModuleBuilder.ts';
import type { ModuleCache } from './ModuleCache.ts';

export interface ObtainedModule {
  wasm: Uint8Array;
  sha256: Sha256Hex;
  commit: string;
  /** Time spent compiling by this worker (0 when the module came from the cache). */
  compileMs: number;
}

export interface ObtainDeps {
  coordinator: CoordinatorPort;
  builder: ModuleBuilder;
  modules: ModuleCache;
  log: Logger;
  lockTtlMs: number;
  waitPollMs: number;
  /** Compiles in flight in this worker, by source key: lanes of one worker share one compile
   * instead of each waiting on the coordinator's lock. */
  inFlight: Map<string, Promise<ObtainedModule>>;
}

export async function fetchModule(deps: ObtainDeps, sha256: Sha256Hex, signal: AbortSignal): Promise<Uint8Array> {
  const local = deps.modules.get(sha256);
  if (local) return local;
  const wasm = await deps.coordinator.downloadModule(sha256, signal);
  deps.modules.set(sha256, wasm);
  return wasm;
}

type CompileOptions = { jobId: string; compileTimeoutMs: number; signal: AbortSignal };

async function completed(deps: ObtainDeps, jobId: string, module: ObtainedModule, signal: AbortSignal): Promise<ObtainedModule> {
  await deps.coordinator.completeCompile(jobId, { sha256: module.sha256, commit: module.commit, buildMs: Math.ceil(module.compileMs) }, signal);
  return module;
}

/** Obtains the module for a compile job and completes the job. */
export async function compileOnce(deps: ObtainDeps, source: ExecutionSource, options: CompileOptions): Promise<ObtainedModule> {
  const pinned = await deps.builder.pin(source, options.signal);
  const key = pinnedSourceKey(pinned);
  const pending = deps.inFlight.get(key);
  if (pending) return completed(deps, options.jobId, { ...(await pending), compileMs: 0 }, options.signal);
  const flight = acrossWorkers(deps, pinned, key, options);
  deps.inFlight.set(key, flight);
  try {
    return await flight;
  } finally {
    deps.inFlight.delete(key);
  }
}

async function acrossWorkers(deps: ObtainDeps, pinned: ExecutionSource, key: string, options: CompileOptions): Promise<ObtainedModule> {
  const { signal } = options;
  const commit = pinned.kind === 'git' ? pinned.commit : '';
  const deadline = Date.now() + options.compileTimeoutMs + deps.lockTtlMs;
  for (;;) {
    const cached = await deps.coordinator.findModule(key, signal);
    if (cached) return completed(deps, options.jobId, { wasm: await fetchModule(deps, cached, signal), sha256: cached, commit, compileMs: 0 }, signal);
    const lock = await deps.coordinator.acquireCompileLock(key, deps.lockTtlMs, signal);
    if (lock) return buildUnderLock(deps, pinned, key, lock, commit, options);
    if (Date.now() > deadline) {
      throw new ErrandError('COMMON__TIMEOUT', `waited too long for another worker to compile ${key}`, {
        operation: 'compile wait',
        timeoutMs: options.compileTimeoutMs,
      });
    }
    await sleep(deps.waitPollMs, signal);
  }
}

async function buildUnderLock(
  deps: ObtainDeps,
  pinned: ExecutionSource,
  key: string,
  lock: CompileLock,
  commit: string,
  options: CompileOptions,
): Promise<ObtainedModule> {
  const { signal, jobId } = options;
  const keepAlive = setInterval(
    () => {
      void deps.coordinator.extendCompileLock(lock, deps.lockTtlMs, signal).catch((err: unknown) => deps.log.warn({ err }, 'lock extend failed'));
    },
    Math.max(500, Math.floor(deps.lockTtlMs / 3)),
  );
  try {
    // Another worker may have finished between our cache check and taking the lock.
    const raced = await deps.coordinator.findModule(key, signal);
    if (raced) return completed(deps, jobId, { wasm: await fetchModule(deps, raced, signal), sha256: raced, commit, compileMs: 0 }, signal);
    const built = await deps.builder.build(pinned, {
      signal,
      timeoutMs: options.compileTimeoutMs,
      onLog: (text) => void deps.coordinator.appendLog(jobId, text, signal).catch(() => undefined),
    });
    await deps.coordinator.uploadModule(built.wasm, built.sha256, key, signal);
    deps.modules.set(built.sha256, built.wasm);
    return completed(deps, jobId, { wasm: built.wasm, sha256: built.sha256, commit: built.commit || commit, compileMs: built.buildMs }, signal);
  } finally {
    clearInterval(keepAlive);
    await deps.coordinator.releaseCompileLock(lock, AbortSignal.timeout(5_000)).catch(() => undefined);
  }
}
