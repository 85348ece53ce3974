/**
 * Re-executes a request as a worker would (worker/loop/JobRunner.ts: the same limits, seed, name
 * and response rules), with no network: a request with an http capability is answered from its
 * transcript (replay), and a program that asks for anything else than what was recorded ends with
 * EXECUTOR__HTTP_REPLAY_MISMATCH, so its output will not match.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest, ExecutionResponse } from '../../common/types/index.ts';
import { TRANSCRIPT_VERSION, type HttpTranscript } from '../../common/types/httpTranscript.ts';
import { Executor } from '../../worker/executor/index.ts';
import { withHttpUsage } from '../../worker/loop/httpUsage.ts';
import { requestRunOptions } from '../../worker/loop/requestRunOptions.ts';
import { toResponse } from '../../worker/loop/toResponse.ts';

export async function reexecute(
  request: ExecutionRequest,
  wasm: Uint8Array,
  transcript: HttpTranscript | undefined,
  signal?: AbortSignal,
): Promise<ExecutionResponse> {
  if (request.secretsRef) {
    // The program read secrets this machine cannot have; without them it is not the same run.
    throw new ErrandError(
      'COMMON__UNFINISHED',
      'errand verify cannot re-execute a request that used secrets yet (the keystore releases them only to the worker holding the lease)',
      { feature: 'verify: requests with secrets' },
    );
  }
  const executor = new Executor({ threads: 1 });
  try {
    const result = await executor.run(wasm, {
      ...requestRunOptions(request),
      env: {},
      ...(signal ? { signal } : {}),
      // A worker that claimed no transcript claimed the program made no exchange.
      ...(request.http ? { http: request.http, httpReplay: transcript ?? { version: TRANSCRIPT_VERSION, exchanges: [] } } : {}),
    });
    // Compile time is not re-measured: it is not part of what is compared.
    const response = toResponse(result, request.responseFormat, 0);
    return result.transcript && result.transcriptSha256 ? withHttpUsage(response, result.transcript, result.transcriptSha256) : response;
  } finally {
    await executor.close();
  }
}
