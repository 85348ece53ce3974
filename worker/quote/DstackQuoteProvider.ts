/**
 * Quotes from a dstack guest agent (Phala's TDX CVM runtime) over its unix socket: POST
 * /GetQuote {"report_data": hex} answers {"quote": hex, "event_log": ...}. The event log is not
 * used: the keystore allowlists RTMR3 as a value.
 */
import { request } from 'node:http';
import { ErrandError } from '../../common/errors/index.ts';
import type { QuoteProvider, TeeEvidence } from '../../keystore/client/QuoteProvider.ts';

export const DEFAULT_DSTACK_SOCKET = '/var/run/dstack.sock';
const MAX_BODY = 1024 * 1024;

export class DstackQuoteProvider implements QuoteProvider {
  readonly source = 'dstack';
  constructor(
    readonly socketPath: string = DEFAULT_DSTACK_SOCKET,
    readonly timeoutMs = 10_000,
  ) {}

  #fail(reason: string, cause?: unknown): ErrandError {
    return new ErrandError('WORKER__QUOTE_UNAVAILABLE', `dstack quote failed: ${reason}`, { source: this.source, reason }, { cause });
  }

  quote(reportData: Uint8Array, signal?: AbortSignal): Promise<TeeEvidence> {
    const body = JSON.stringify({ report_data: Buffer.from(reportData).toString('hex') });
    return new Promise<TeeEvidence>((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, path: '/GetQuote', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: this.timeoutMs, ...(signal && { signal }) },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) req.destroy(new Error('response too large'));
            else chunks.push(c);
          });
          res.on('end', () => {
            if (res.statusCode !== 200) return reject(this.#fail(`agent answered ${res.statusCode}`));
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { quote?: unknown };
              if (typeof parsed.quote !== 'string' || !/^(?:[0-9a-fA-F]{2})+$/.test(parsed.quote)) return reject(this.#fail('no hex quote in the answer'));
              resolve({ kind: 'tdx', quote: Buffer.from(parsed.quote, 'hex') });
            } catch (e) {
              reject(this.#fail('answer is not JSON', e));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => reject(this.#fail(e.message, e)));
      req.end(body);
    });
  }
}
