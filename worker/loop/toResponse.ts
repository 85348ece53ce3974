/**
 * Turns an executor result into the response resolved on-chain. Usage is reported as measured; the
 * contract caps what it charges at the limits paid for. Anything but a clean exit with complete
 * output is an unsuccessful response with a coded error: output is never silently cut.
 */
import type { ExecutionResponse, ExecutionResult, ResponseFormat } from '../../common/types/index.ts';
import { chainMessage } from '../../common/text/chainMessage.ts';
import { exitMessage } from './exitMessage.ts';

export function failureResponse(code: string, message: string, used: ExecutionResponse['resourcesUsed']): ExecutionResponse {
  // The message often carries the program's output: fitted to what the contract accepts.
  return { success: false, error: { code, message: chainMessage(message) }, resourcesUsed: used };
}

export function toResponse(result: ExecutionResult, format: ResponseFormat, compileTimeMs: number): ExecutionResponse {
  // The chain accounts in whole milliseconds; a started millisecond counts.
  const resourcesUsed = { instructions: result.fuelUsed, timeMs: Math.ceil(result.timeMs), compileTimeMs: Math.ceil(compileTimeMs) };
  if (result.status !== 'ok') {
    const code = result.error?.code ?? `EXECUTOR__${result.status.toUpperCase()}`;
    const base = result.error?.message ?? result.status;
    const message = result.status === 'exit_nonzero' ? exitMessage(result.exitCode ?? null, result.stdout, result.stderr) : base;
    return failureResponse(code, message, resourcesUsed);
  }
  if (result.stdoutTruncated) {
    return failureResponse('WORKER__OUTPUT_TRUNCATED', 'stdout exceeded the output cap', resourcesUsed);
  }
  if (format === 'json') {
    try {
      JSON.parse(result.stdout);
    } catch {
      return failureResponse('WORKER__OUTPUT_NOT_JSON', 'the program was asked for JSON and printed something else', resourcesUsed);
    }
  }
  const value = format === 'bytes' ? (result.stdoutBase64 ?? Buffer.from(result.stdout, 'utf8').toString('base64')) : result.stdout;
  return { success: true, output: { format, value }, resourcesUsed };
}
