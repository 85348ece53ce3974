/**
 * The transcript of a run's HTTP exchanges: every exchange the program started, in order, with
 * what the worker sent (secret values replaced by their hash) and what came back (or why nothing
 * did). It is what makes a networked run checkable: `errand run --replay` re-runs the program with
 * these responses and must give the same output and fuel, and its sha256 goes on-chain next to the
 * output hash.
 *
 * Shape (version 1), also the JSON of `--record` files:
 *   { "version": 1, "exchanges": [ {
 *       "request":  { "method": "GET", "url": "...", "headers": [["name", "value"], ...], "bodyBase64": "..." },
 *       "response": { "status": 200, "headers": [["name", "value"], ...], "bodyBase64": "..." },   // or absent
 *       "error":    { "kind": "denied"|"limit"|"timeout"|"network"|"invalid", "message": "..." },  // or absent
 *       "redirects": [ { "status": 302, "url": "..." }, ... ] } ] }
 * Request header names keep the guest's spelling; response header names are lower case.
 * Bodies are standard base64 with padding.
 */
export const TRANSCRIPT_VERSION = 1;

export interface TranscriptRequest {
  method: string;
  url: string;
  headers: [string, string][];
  bodyBase64: string;
}

export interface TranscriptResponse {
  status: number;
  headers: [string, string][];
  bodyBase64: string;
}

export interface TranscriptExchange {
  request: TranscriptRequest;
  response?: TranscriptResponse;
  error?: { kind: string; message: string };
  redirects: { status: number; url: string }[];
}

export interface HttpTranscript {
  version: typeof TRANSCRIPT_VERSION;
  exchanges: TranscriptExchange[];
}
