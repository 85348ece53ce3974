/** Runs an e2e bench's closed-loop requesters in a thread of their own (loadThreadMain.ts for
 * NEAR, solanaLoadThreadMain.ts for Solana). */
import { startTsThread } from '../../common/threads/startTsThread.ts';
import type { LoadResult, LoadSpec } from './loadProtocol.ts';

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return runLoadThread(new URL('./loadThreadMain.ts', import.meta.url), spec);
}

export function runLoadThread(entry: URL, spec: unknown): Promise<LoadResult> {
  const thread = startTsThread(entry, { workerData: spec });
  return new Promise<LoadResult>((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the load thread exited with code ${code} before reporting`)));
  }).finally(() => thread.terminate());
}
