/**
 * A fresh Executor per test (the root leak check fails a test that leaves threads alive, so one
 * cannot be shared across tests), closed after it.
 */
import { Executor, type ExecutorOptions } from '../../../worker/executor/index.ts';

export const LIMITS = { fuel: 50_000_000, memoryMb: 16, timeoutMs: 20_000 };

export function useExecutor(opts: ExecutorOptions = { threads: 1 }): () => Executor {
  let executor: Executor | undefined;
  beforeEach(() => {
    executor = new Executor(opts);
  });
  afterEach(async () => {
    await executor?.close();
    executor = undefined;
  });
  return () => {
    if (!executor) throw new Error('useExecutor: no executor outside a test');
    return executor;
  };
}
