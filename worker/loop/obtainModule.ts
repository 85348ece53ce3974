/**
 * Gets the module a claim needs, compiling it at most once across all workers: the cache is checked
 * first, then the coordinator's compile lock for the pinned source decides who builds; the others
 * wait for the module to appear in the cache (or for the lock to be free again if its holder died).
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
}

export async function fetchModule(deps: ObtainDeps, sha256: Sha256Hex, signal: AbortSignal): Promise<Uint8Array> {
  const local = deps.modules.get(sha256);
  if (local) return local;
  const wasm = await deps.coordinator.downloadModule(sha256, signal);
  deps.modules.set(sha256, wasm);
  return wasm;
}

export async function compileOnce(
  deps: ObtainDeps,
  source: ExecutionSource,
  options: { jobId: string; compileTimeoutMs: number; signal: AbortSignal },
): Promise<ObtainedModule> {
  const { signal } = options;
  const pinned = await deps.builder.pin(source, signal);
  const commit = pinned.kind === 'git' ? pinned.commit : '';
  const key = pinnedSourceKey(pinned);
  const deadline = Date.now() + options.compileTimeoutMs + deps.lockTtlMs;
  for (;;) {
    const cached = await deps.coordinator.findModule(key, signal);
    if (cached) return { wasm: await fetchModule(deps, cached, signal), sha256: cached, commit, compileMs: 0 };
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
  options: { jobId: string; compileTimeoutMs: number; signal: AbortSignal },
): Promise<ObtainedModule> {
  const { signal, jobId } = options;
  const keepAlive = setInterval(() => {
    void deps.coordinator.extendCompileLock(lock, deps.lockTtlMs, signal).catch((err: unknown) => deps.log.warn({ err }, 'lock extend failed'));
  }, Math.max(500, Math.floor(deps.lockTtlMs / 3)));
  try {
    // Another worker may have finished between our cache check and taking the lock.
    const raced = await deps.coordinator.findModule(key, signal);
    if (raced) return { wasm: await fetchModule(deps, raced, signal), sha256: raced, commit, compileMs: 0 };
    const built = await deps.builder.build(pinned, {
      signal,
      timeoutMs: options.compileTimeoutMs,
      onLog: (text) => void deps.coordinator.appendLog(jobId, text, signal).catch(() => undefined),
    });
    await deps.coordinator.uploadModule(built.wasm, built.sha256, key, signal);
    deps.modules.set(built.sha256, built.wasm);
    return { wasm: built.wasm, sha256: built.sha256, commit: built.commit || commit, compileMs: built.buildMs };
  } finally {
    clearInterval(keepAlive);
    await deps.coordinator.releaseCompileLock(lock, AbortSignal.timeout(5_000)).catch(() => undefined);
  }
}
