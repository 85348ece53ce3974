/**
 * Starts a worker thread running a TypeScript module (through bootstrap.mjs, which registers the
 * tsx loader in the new thread first). `entry` is the module's URL, usually
 * `new URL('./someThreadMain.ts', import.meta.url)`.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);

export function startTsThread(entry: URL, options: Omit<WorkerOptions, 'argv'> = {}): Worker {
  return new Worker(BOOTSTRAP, { ...options, argv: [entry.href] });
}
