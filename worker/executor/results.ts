/**
 * ExecutionResult shapes for runs that ended outside the guest thread (rejected, timed out,
 * crashed). A run that started has its output read from the capture buffers the dead thread
 * wrote to.
 */
import type { ExecutionResult, ExecutionStatus } from '../../common/types/execution.ts';
import { readCapture } from './wasi/CappedOutput.ts';

export interface CaptureBuffers {
  stdoutBuffer: SharedArrayBuffer;
  stderrBuffer: SharedArrayBuffer;
}

export function hostResult(
  status: ExecutionStatus,
  error: { code: string; message: string },
  fuelUsed: number,
  timeMs: number,
  captures?: CaptureBuffers,
): ExecutionResult {
  const stdout = captures ? readCapture(captures.stdoutBuffer) : { text: '', truncated: false };
  const stderr = captures ? readCapture(captures.stderrBuffer) : { text: '', truncated: false };
  return {
    status,
    exitCode: null,
    fuelUsed,
    timeMs,
    stdout: stdout.text,
    ...(stdout.base64 === undefined ? {} : { stdoutBase64: stdout.base64 }),
    stderr: stderr.text,
    stdoutTruncated: stdout.truncated,
    stderrTruncated: stderr.truncated,
    error,
  };
}
