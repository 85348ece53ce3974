/**
 * The HTTP side of one run, on the Executor's thread: it takes the guest's exchanges in order
 * (over the bridge), enforces the request's counts and byte budget, performs each one on the
 * network (performExchange.ts) or, when replaying, answers it from a recorded transcript without
 * any network, and records every exchange, refused ones included, in the run's transcript.
 *
 * Replay compares each request (after redaction) with the recorded one; a program that asks for
 * something else has diverged from the recorded run, and the run ends with
 * EXECUTOR__HTTP_REPLAY_MISMATCH instead of being answered with a response meant for another
 * request.
 */
import { HTTP_ERROR_KINDS, type HttpErrorKind, type HttpOutcome, type HttpRequest } from './exchange.ts';
import type { HttpHostOptions, NormalizedHttpCapability } from './HttpCapability.ts';
import { performExchange, type PerformOptions } from './perform/performExchange.ts';
import { canonicalJson, transcriptSha256 } from './transcript/canonicalJson.ts';
import { TRANSCRIPT_VERSION, type HttpTranscript, type TranscriptExchange, type TranscriptRequest } from '../../../common/types/httpTranscript.ts';
import { Redactor } from './transcript/Redactor.ts';

export const DEFAULT_EXCHANGE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 5;

/** What the bridge carries back: the outcome, or the end of the run (replay divergence). */
export type HostAnswer = HttpOutcome | { ok: false; fatal: { code: 'EXECUTOR__HTTP_REPLAY_MISMATCH'; message: string } };

const b64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

export class HttpHost {
  private readonly exchanges: TranscriptExchange[] = [];
  private readonly redactor: Redactor;
  private readonly abort = new AbortController();
  private bodyBytes = 0;
  private started = 0;

  constructor(
    private readonly capability: NormalizedHttpCapability,
    private readonly options: HttpHostOptions,
    secretValues: readonly string[],
    private readonly replay?: HttpTranscript,
  ) {
    this.redactor = new Redactor(secretValues);
  }

  async exchange(req: HttpRequest): Promise<HostAnswer> {
    if (this.options.unrecorded && !this.replay) return this.exchangeUnrecorded(req);
    const recorded = this.redactRequest(req);
    if (this.replay) return this.answerFromReplay(recorded);
    let outcome: HttpOutcome;
    if (this.started++ >= this.capability.maxRequests) {
      outcome = { ok: false, error: { kind: 'limit', message: `the request allows ${this.capability.maxRequests} HTTP requests` }, redirects: [] };
    } else {
      outcome = await performExchange(req, this.performOptions());
    }
    if (outcome.ok) this.bodyBytes += outcome.response.body.length;
    if (!this.options.unrecorded) this.exchanges.push(this.record(recorded, outcome));
    return outcome;
  }

  /** The benchmark baseline: the same exchange without redaction or recording. */
  private async exchangeUnrecorded(req: HttpRequest): Promise<HostAnswer> {
    if (this.started++ >= this.capability.maxRequests) {
      return { ok: false, error: { kind: 'limit', message: `the request allows ${this.capability.maxRequests} HTTP requests` }, redirects: [] };
    }
    const outcome = await performExchange(req, this.performOptions());
    if (outcome.ok) this.bodyBytes += outcome.response.body.length;
    return outcome;
  }

  private answerFromReplay(request: TranscriptRequest): HostAnswer {
    const index = this.exchanges.length;
    const entry = this.replay?.exchanges[index];
    if (!entry || canonicalJson(entry.request) !== canonicalJson(request)) {
      const message = entry
        ? `exchange ${index} differs from the recorded one (${entry.request.method} ${entry.request.url}, got ${request.method} ${request.url})`
        : `exchange ${index} (${request.method} ${request.url}) is past the ${this.replay?.exchanges.length ?? 0} recorded`;
      return { ok: false, fatal: { code: 'EXECUTOR__HTTP_REPLAY_MISMATCH', message } };
    }
    this.exchanges.push(entry);
    if (entry.response) {
      const r = entry.response;
      return {
        ok: true,
        response: { status: r.status, headers: r.headers, body: new Uint8Array(Buffer.from(r.bodyBase64, 'base64')) },
        redirects: entry.redirects,
      };
    }
    const kind = (HTTP_ERROR_KINDS as readonly string[]).includes(entry.error?.kind ?? '') ? (entry.error?.kind as HttpErrorKind) : 'network';
    return { ok: false, error: { kind, message: entry.error?.message ?? '' }, redirects: entry.redirects };
  }

  private performOptions(): PerformOptions {
    return {
      capability: this.capability,
      devMode: this.options.devMode === true,
      ca: this.options.ca,
      timeoutMs: this.options.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS,
      maxRedirects: this.options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      maxBodyBytes: this.capability.maxResponseBytes - this.bodyBytes,
      signal: this.abort.signal,
    };
  }

  private redactRequest(req: HttpRequest): TranscriptRequest {
    return {
      method: req.method,
      url: this.redactor.text(req.url),
      headers: req.headers.map(([k, v]) => [k, this.redactor.text(v)]),
      bodyBase64: b64(this.redactor.bytes(req.body)),
    };
  }

  private record(request: TranscriptRequest, o: HttpOutcome): TranscriptExchange {
    const redirects = o.redirects.map((r) => ({ status: r.status, url: this.redactor.text(r.url) }));
    if (o.ok) return { request, response: { status: o.response.status, headers: o.response.headers, bodyBase64: b64(o.response.body) }, redirects };
    return { request, error: { kind: o.error.kind, message: this.redactor.text(o.error.message) }, redirects };
  }

  /** Stops an exchange in flight (the run ended: deadline, abort, crash). */
  stop(): void {
    this.abort.abort();
  }

  transcript(): { transcript: HttpTranscript; transcriptSha256: string } {
    const transcript: HttpTranscript = { version: TRANSCRIPT_VERSION, exchanges: [...this.exchanges] };
    return { transcript, transcriptSha256: transcriptSha256(transcript) };
  }
}
