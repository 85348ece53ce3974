/**
 * What a run with an http capability reports on-chain besides its output: the exchanges it made
 * and the response-body bytes it received, both read from the transcript (so a verifier gets the
 * same figures from the transcript the coordinator keeps), and the transcript's hash.
 */
import type { ExecutionResponse } from '../../common/types/index.ts';
import type { HttpTranscript } from '../../common/types/httpTranscript.ts';

export function transcriptUsage(transcript: HttpTranscript): { httpRequests: number; httpResponseBytes: number } {
  let httpResponseBytes = 0;
  for (const x of transcript.exchanges) {
    if (x.response) httpResponseBytes += Buffer.byteLength(x.response.bodyBase64, 'base64');
  }
  return { httpRequests: transcript.exchanges.length, httpResponseBytes };
}

/** The response with the run's HTTP usage and transcript hash added. */
export function withHttpUsage(response: ExecutionResponse, transcript: HttpTranscript, sha256: string): ExecutionResponse {
  return { ...response, resourcesUsed: { ...response.resourcesUsed, ...transcriptUsage(transcript) }, transcriptSha256: sha256 };
}
