/**
 * Turns an executor result into the response resolved on-chain. Usage is reported as measured; the
 * contract caps what it charges at the limits paid for. Anything but a clean exit with complete
 * output is an unsuccessful response with a coded error: output is never silently cut, nor
 * silently changed (text and JSON are the exact bytes printed, or WORKER__OUTPUT_NOT_UTF8).
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
  if (format === 'bytes') {
    return { success: true, output: { format, value: result.stdoutBase64 ?? Buffer.from(result.stdout, 'utf8').toString('base64') }, resourcesUsed };
  }
  const text = exactText(result);
  if (text === null) {
    return failureResponse(
      'WORKER__OUTPUT_NOT_UTF8',
      `the program was asked for ${format} and printed bytes that are not UTF-8 (the bytes format carries any bytes)`,
      resourcesUsed,
    );
  }
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch {
      return failureResponse('WORKER__OUTPUT_NOT_JSON', 'the program was asked for JSON and printed something else', resourcesUsed);
    }
  }
  return { success: true, output: { format, value: text }, resourcesUsed };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** stdout exactly as printed, or null when its bytes are not UTF-8 (stdoutBase64 is set whenever
 * `stdout` alone is not exact: bad bytes, or a leading BOM the lenient decoder dropped). */
function exactText(result: ExecutionResult): string | null {
  if (result.stdoutBase64 === undefined) return result.stdout;
  try {
    return strictUtf8.decode(Buffer.from(result.stdoutBase64, 'base64'));
  } catch {
    return null;
  }
}
