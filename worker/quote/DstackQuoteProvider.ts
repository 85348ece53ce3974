/**
 * Quotes from a dstack guest agent (Phala's TDX CVM runtime) over its unix socket: POST
 * /GetQuote {"report_data": hex} answers {"quote": hex, "event_log": ...}. The event log is not
 * used: the keystore allowlists RTMR3 as a value.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { HttpClient } from '../../common/http/HttpClient.ts';
import type { QuoteProvider, TeeEvidence } from '../../keystore/client/QuoteProvider.ts';

export const DEFAULT_DSTACK_SOCKET = '/var/run/dstack.sock';
const MAX_BODY = 1024 * 1024;

export class DstackQuoteProvider implements QuoteProvider {
  readonly source = 'dstack';
  readonly #http: HttpClient;

  constructor(
    readonly socketPath: string = DEFAULT_DSTACK_SOCKET,
    readonly timeoutMs = 10_000,
  ) {
    this.#http = new HttpClient({ socketPath });
  }

  #fail(reason: string, cause?: unknown): ErrandError {
    return new ErrandError('WORKER__QUOTE_UNAVAILABLE', `dstack quote failed: ${reason}`, { source: this.source, reason }, { cause });
  }

  async quote(reportData: Uint8Array, signal?: AbortSignal): Promise<TeeEvidence> {
    const body = JSON.stringify({ report_data: Buffer.from(reportData).toString('hex') });
    let text = '';
    let status: number;
    try {
      const res = await this.#http.request('http://localhost/GetQuote', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal,
        timeoutMs: this.timeoutMs,
        operation: 'dstack quote',
      });
      status = res.status;
      const chunks: Uint8Array[] = [];
      let size = 0;
      // Leaving the loop early (too large) destroys the body and its socket.
      for await (const chunk of res.body ?? []) {
        if ((size += chunk.byteLength) > MAX_BODY) throw new Error('response too large');
        chunks.push(chunk);
      }
      text = Buffer.concat(chunks).toString('utf8');
    } catch (e) {
      throw this.#fail((e as Error).message, e);
    }
    if (status !== 200) throw this.#fail(`agent answered ${status}`);
    let parsed: { quote?: unknown };
    try {
      parsed = JSON.parse(text) as { quote?: unknown };
    } catch (e) {
      throw this.#fail('answer is not JSON', e);
    }
    if (typeof parsed.quote !== 'string' || !/^(?:[0-9a-fA-F]{2})+$/.test(parsed.quote)) throw this.#fail('no hex quote in the answer');
    return { kind: 'tdx', quote: Buffer.from(parsed.quote, 'hex') };
  }
}
