/** Shared by the compile tests: the sandbox, the examples folder, and one Executor run helper. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutionResult } from '../../../common/types/index.ts';
import type { Executor } from '../../../worker/executor/index.ts';

export const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');

export function runIn(executor: Executor, wasm: Uint8Array, input: string, env: Record<string, string> = {}): Promise<ExecutionResult> {
  return executor.run(wasm, { input, env, fuel: 5_000_000_000, memoryMb: 512, timeoutMs: 60_000 });
}
