/** ExecutionResult shapes for runs that ended outside the guest thread (rejected, timed out, crashed). */
import type { ExecutionResult, ExecutionStatus } from '../../common/types/execution.ts';

export function hostResult(status: ExecutionStatus, error: { code: string; message: string }, fuelUsed: number, timeMs: number): ExecutionResult {
  return {
    status,
    exitCode: null,
    fuelUsed,
    timeMs,
    stdout: '',
    stderr: '',
    stdoutTruncated: false,
    stderrTruncated: false,
    error,
  };
}
