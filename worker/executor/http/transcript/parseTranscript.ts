/**
 * Reads a transcript from untrusted JSON (a `--replay` file, the coordinator's copy): every field
 * checked for type and shape before the executor uses it; anything else is
 * COMMON__INVALID_ARGUMENT naming the path.
 */
import { ErrandError } from '../../../../common/errors/index.ts';
import { TRANSCRIPT_VERSION, type HttpTranscript, type TranscriptExchange } from '../../../../common/types/httpTranscript.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function bad(where: string, what: string): never {
  throw new ErrandError('COMMON__INVALID_ARGUMENT', `transcript ${where}: ${what}`, { field: 'transcript', issues: [`${where}: ${what}`] });
}

function obj(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(where, 'must be an object');
  return v as Record<string, unknown>;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') bad(where, 'must be a string');
  return v;
}

function b64(v: unknown, where: string): string {
  const s = str(v, where);
  if (s.length % 4 !== 0 || !BASE64.test(s)) bad(where, 'must be padded standard base64');
  return s;
}

function pairs(v: unknown, where: string): [string, string][] {
  if (!Array.isArray(v)) bad(where, 'must be a list of [name, value]');
  return v.map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2) bad(`${where}[${i}]`, 'must be [name, value]');
    return [str(p[0], `${where}[${i}][0]`), str(p[1], `${where}[${i}][1]`)];
  });
}

function status(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 100 || v > 999) bad(where, 'must be an HTTP status (100..999)');
  return v;
}

function exchange(v: unknown, where: string): TranscriptExchange {
  const e = obj(v, where);
  const rq = obj(e.request, `${where}.request`);
  const out: TranscriptExchange = {
    request: {
      method: str(rq.method, `${where}.request.method`),
      url: str(rq.url, `${where}.request.url`),
      headers: pairs(rq.headers, `${where}.request.headers`),
      bodyBase64: b64(rq.bodyBase64, `${where}.request.bodyBase64`),
    },
    redirects: (Array.isArray(e.redirects) ? e.redirects : bad(`${where}.redirects`, 'must be a list')).map((r, i) => {
      const ro = obj(r, `${where}.redirects[${i}]`);
      return { status: status(ro.status, `${where}.redirects[${i}].status`), url: str(ro.url, `${where}.redirects[${i}].url`) };
    }),
  };
  if ((e.response === undefined) === (e.error === undefined)) bad(where, 'must have exactly one of response and error');
  if (e.response !== undefined) {
    const rs = obj(e.response, `${where}.response`);
    out.response = {
      status: status(rs.status, `${where}.response.status`),
      headers: pairs(rs.headers, `${where}.response.headers`),
      bodyBase64: b64(rs.bodyBase64, `${where}.response.bodyBase64`),
    };
  } else {
    const er = obj(e.error, `${where}.error`);
    out.error = { kind: str(er.kind, `${where}.error.kind`), message: str(er.message, `${where}.error.message`) };
  }
  return out;
}

export function parseTranscript(value: unknown): HttpTranscript {
  const t = obj(value, '(root)');
  if (t.version !== TRANSCRIPT_VERSION) bad('version', `must be ${TRANSCRIPT_VERSION}`);
  if (!Array.isArray(t.exchanges)) bad('exchanges', 'must be a list');
  return { version: TRANSCRIPT_VERSION, exchanges: t.exchanges.map((e, i) => exchange(e, `exchanges[${i}]`)) };
}
