/**
 * Re-executes a request as a worker would (worker/loop/JobRunner.ts: the same limits, seed, name
 * and response rules), with no network: a request with an http capability is answered from its
 * transcript (replay), and a program that asks for anything else than what was recorded ends with
 * EXECUTOR__HTTP_REPLAY_MISMATCH, so its output will not match. A request that used secrets is
 * re-executed only with the values its owner supplies (secretsEnv.ts): nobody else can have them.
 */
import type { ExecutionRequest, ExecutionResponse } from '../../common/types/index.ts';
import { TRANSCRIPT_VERSION, type HttpTranscript } from '../../common/types/httpTranscript.ts';
import { Executor } from '../../worker/executor/index.ts';
import { withHttpUsage } from '../../worker/loop/httpUsage.ts';
import { requestRunOptions } from '../../worker/loop/requestRunOptions.ts';
import { toResponse } from '../../worker/loop/toResponse.ts';

/**
 * `env`: the program's environment, from programEnv (secretsEnv.ts): empty, or the secrets the
 * owner supplied, which the run treats as the worker does (hashed wherever the program sends them).
 */
export async function reexecute(
  request: ExecutionRequest,
  wasm: Uint8Array,
  transcript: HttpTranscript | undefined,
  env: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<ExecutionResponse> {
  const executor = new Executor({ threads: 1 });
  try {
    const result = await executor.run(wasm, {
      ...requestRunOptions(request),
      env,
      ...(signal ? { signal } : {}),
      // A worker that claimed no transcript claimed the program made no exchange; every env entry
      // is a secret, as for the worker (JobRunner), so the replayed requests hash them alike.
      ...(request.http ? { http: request.http, secretEnv: Object.keys(env), httpReplay: transcript ?? { version: TRANSCRIPT_VERSION, exchanges: [] } } : {}),
    });
    // Compile time is not re-measured: it is not part of what is compared.
    const response = toResponse(result, request.responseFormat, 0);
    return result.transcript && result.transcriptSha256 ? withHttpUsage(response, result.transcript, result.transcriptSha256) : response;
  } finally {
    await executor.close();
  }
}
