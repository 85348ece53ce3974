/**
 * A request's HTTP transcript as the dashboard shows it: one line per exchange (method, URL,
 * status or error, body sizes), never the bodies or headers themselves, so the page stays small
 * whatever the program fetched. The transcript is the worker's claim (its sha256 is on-chain): it
 * is read defensively, and a stored transcript that does not parse is shown as unreadable rather
 * than failing the page.
 *
 * The `transcripts` table comes with the HTTP capability (migration 000016); until that migration
 * has run, every request simply has no transcript (to_regclass), so this read works either way.
 */
import type { Queryable } from '../db/Db.ts';
import type { DashboardTranscript, ExchangeLine } from './transcriptView.ts';

/** Exchanges listed at most: a transcript may hold thousands; the page is for reading. */
const MAX_EXCHANGES = 200;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Decoded size of standard padded base64, without decoding it. */
const b64Bytes = (v: unknown): number => (typeof v === 'string' ? Math.floor((v.length * 3) / 4) - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0) : 0);
const short = (v: unknown, max: number): string => (typeof v === 'string' ? (v.length > max ? `${v.slice(0, max)}…` : v) : '?');

function exchangeLine(x: unknown): ExchangeLine {
  const e = isObj(x) ? x : {};
  const req = isObj(e.request) ? e.request : {};
  const res = isObj(e.response) ? e.response : null;
  const err = isObj(e.error) ? e.error : null;
  return {
    method: short(req.method, 16),
    url: short(req.url, 2048),
    status: res && typeof res.status === 'number' ? res.status : null,
    error: err ? `${short(err.kind, 32)}: ${short(err.message, 300)}` : null,
    requestBytes: b64Bytes(req.bodyBase64),
    responseBytes: res ? b64Bytes(res.bodyBase64) : null,
    redirects: Array.isArray(e.redirects) ? e.redirects.length : 0,
  };
}

/** Summarises the stored bytes (exported for tests: what a hostile transcript turns into). */
export function summarizeTranscript(sha256: string, body: Buffer): DashboardTranscript {
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch {
    return { kind: 'unreadable', sha256, bytes: body.length, reason: 'not JSON' };
  }
  if (!isObj(doc) || !Array.isArray(doc.exchanges)) return { kind: 'unreadable', sha256, bytes: body.length, reason: 'no exchanges list' };
  return { kind: 'http', sha256, bytes: body.length, total: doc.exchanges.length, exchanges: doc.exchanges.slice(0, MAX_EXCHANGES).map(exchangeLine) };
}

export async function getDashboardTranscript(q: Queryable, requestId: string, signal?: AbortSignal): Promise<DashboardTranscript> {
  const exists = await q.query<{ t: boolean }>(`SELECT to_regclass('transcripts') IS NOT NULL AS t`, [], { signal });
  if (!exists.rows[0]?.t) return { kind: 'none' };
  const { rows } = await q.query<{ sha256: string; body: Buffer }>('SELECT sha256, body FROM transcripts WHERE request_id = $1::uuid', [requestId], { signal });
  const row = rows[0];
  return row ? summarizeTranscript(row.sha256, Buffer.from(row.body)) : { kind: 'none' };
}
