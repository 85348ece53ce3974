/**
 * Turns how a guest run ended (returned, ProcExit, or a thrown value) into an ExecutionResult.
 * Fuel exhaustion is recognised by the counter being below zero after the trap, as the
 * instrumenter specifies; everything else a WebAssembly engine throws is a trap, except an
 * allocation failure (memory_limit).
 */
import type { ExecutionResult, ExecutionStatus } from '../../../common/types/execution.ts';
import { isErrandError } from '../../../common/errors/index.ts';
import type { GuestIo } from '../wasi/GuestIo.ts';
import { ProcExit } from '../wasi/ProcExit.ts';
import { spell } from '../wasi/CappedOutput.ts';

export interface Outcome {
  /** What ended the run; undefined when the entry point returned. */
  thrown?: unknown;
  fuelLimit: number;
  /** The fuel counter after the run, or undefined when unmetered. */
  fuelLeft?: bigint;
  memoryMb: number;
  timeMs: number;
}

export function classifyOutcome(io: GuestIo, o: Outcome): ExecutionResult {
  const fuelExhausted = o.fuelLeft !== undefined && o.fuelLeft < 0n;
  const fuelUsed = o.fuelLeft === undefined ? 0 : fuelExhausted ? o.fuelLimit : o.fuelLimit - Number(o.fuelLeft);
  const base = {
    fuelUsed,
    timeMs: o.timeMs,
    ...stdoutOf(io),
    stderr: io.stderr.text(),
    stdoutTruncated: io.stdout.truncated,
    stderrTruncated: io.stderr.truncated,
  };
  const t = o.thrown;
  if (t === undefined) return { status: 'ok', exitCode: 0, ...base };
  if (t instanceof ProcExit) return { status: t.code === 0 ? 'ok' : 'exit_nonzero', exitCode: t.code, ...base };
  const failed = (status: ExecutionStatus, code: string, message: string): ExecutionResult => ({
    ...base,
    status,
    exitCode: null,
    error: { code, message },
  });
  if (fuelExhausted) return failed('fuel_exhausted', 'EXECUTOR__FUEL_EXHAUSTED', `fuel exhausted after ${o.fuelLimit} instructions`);
  if (isErrandError(t)) {
    const memory = t.code === 'EXECUTOR__OUT_OF_MEMORY' || t.code === 'EXECUTOR__RESOURCE_LIMIT';
    return failed(memory ? 'memory_limit' : 'trap', t.code, t.message);
  }
  const message = t instanceof Error ? t.message : String(t);
  if (t instanceof RangeError && /call stack/i.test(message)) return failed('trap', 'EXECUTOR__TRAP', `stack overflow: ${message}`);
  if (t instanceof RangeError && /memory|allocat/i.test(message)) {
    return failed('memory_limit', 'EXECUTOR__OUT_OF_MEMORY', `could not allocate memory within ${o.memoryMb} MiB: ${message}`);
  }
  if (t instanceof WebAssembly.LinkError) return failed('invalid_module', 'EXECUTOR__UNKNOWN_IMPORT', message);
  if (t instanceof WebAssembly.RuntimeError) return failed('trap', 'EXECUTOR__TRAP', message);
  return failed('trap', 'EXECUTOR__TRAP', `host error: ${message}`);
}

function stdoutOf(io: GuestIo): { stdout: string; stdoutBase64?: string } {
  const { text, base64 } = spell(io.stdout.bytes());
  return base64 === undefined ? { stdout: text } : { stdout: text, stdoutBase64: base64 };
}
