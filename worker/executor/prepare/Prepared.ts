/**
 * What the warm path caches per (bytes, limits): a compiled module, a transpiled component with
 * its compiled core modules, or the verdict that the bytes cannot run (cached too: the same bytes
 * always fail the same way), unless `transient` (a preparation that timed out or crashed).
 */
import type { ExecutionStatus } from '../../../common/types/execution.ts';

export type Prepared =
  | { kind: 'module'; module: WebAssembly.Module }
  | { kind: 'component'; key: string; jsSource: string; coreModules: Record<string, WebAssembly.Module> }
  | { kind: 'failed'; status: ExecutionStatus; error: { code: string; message: string }; transient?: boolean };

export type Failed = Extract<Prepared, { kind: 'failed' }>;

export function failed(status: ExecutionStatus, code: string, message: string): Failed {
  return { kind: 'failed', status, error: { code, message } };
}
