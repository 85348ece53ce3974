/**
 * Starts a worker thread running a TypeScript module (through bootstrap.mjs, which registers the
 * tsx loader in the new thread first), and waits for a thread's start-up answer (threadReady).
 * `entry` is the module's URL, usually `new URL('./someThreadMain.ts', import.meta.url)`.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);

export function startTsThread(entry: URL, options: Omit<WorkerOptions, 'argv'> = {}): Worker {
  return new Worker(BOOTSTRAP, { ...options, argv: [entry.href] });
}

/**
 * Waits for a new thread's start-up answer: resolves with what `ready` makes of the first message it
 * accepts. If the thread fails or exits first, it is terminated and the wait rejects with
 * `failed(reason)`. The listeners it adds are removed either way.
 */
export async function threadReady<M, T>(thread: Worker, ready: (message: M) => T | undefined, failed: (reason: string) => Error): Promise<T> {
  let onMessage: ((m: unknown) => void) | undefined;
  let onError: ((e: Error) => void) | undefined;
  let onExit: ((code: number) => void) | undefined;
  try {
    return await new Promise<T>((resolve, reject) => {
      onMessage = (m) => {
        // The thread's own protocol: `ready` sees the messages its entry module posts.
        const value = ready(m as M);
        if (value !== undefined) resolve(value);
      };
      onError = (e) => reject(failed(e.message));
      onExit = (code) => reject(failed(`exited with code ${code}`));
      thread.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
  } catch (e) {
    await thread.terminate();
    throw e;
  } finally {
    thread.off('message', onMessage!).off('error', onError!).off('exit', onExit!);
  }
}
