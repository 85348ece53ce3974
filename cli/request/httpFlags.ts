/**
 * The `http` capability of `errand request`, from its flags: `--http-allow HOST` (repeatable),
 * `--http-max-requests N`, `--http-max-bytes N`. Checked here against the contracts' own rules
 * (common/types/http.ts) so a bad flag is a one-line error before anything is estimated or paid.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { HTTP_LIMITS, isHostPattern, type HttpCapability } from '../../common/types/index.ts';

/** What a capability grants when only hosts are named. */
export const DEFAULT_HTTP = { maxRequests: 16, maxResponseBytes: 1 << 20 } as const;

export const HTTP_FLAG_OPTIONS = {
  'http-allow': { type: 'string', multiple: true },
  'http-max-requests': { type: 'string' },
  'http-max-bytes': { type: 'string' },
} as const;

export const HTTP_FLAG_USAGE = `  --http-allow HOST      let the program call HOST (exact name, optional :port, optional leading *.); repeatable
  --http-max-requests N  at most N HTTP requests (default ${DEFAULT_HTTP.maxRequests}, at most ${HTTP_LIMITS.maxRequests})
  --http-max-bytes N     at most N response-body bytes in all (default ${DEFAULT_HTTP.maxResponseBytes}, at most ${HTTP_LIMITS.maxResponseBytes})`;

function invalid(field: string, message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

function bounded(flag: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d{1,10}$/.test(text) || n < 1 || n > max) throw invalid(flag, `--${flag} must be an integer in [1, ${max}], got '${text}'`);
  return n;
}

export function httpFromFlags(v: { 'http-allow'?: string[]; 'http-max-requests'?: string; 'http-max-bytes'?: string }): HttpCapability | undefined {
  const allow = v['http-allow'] ?? [];
  if (allow.length === 0) {
    if (v['http-max-requests'] !== undefined || v['http-max-bytes'] !== undefined) {
      throw invalid('http-allow', '--http-max-requests and --http-max-bytes need at least one --http-allow HOST');
    }
    return undefined;
  }
  if (allow.length > HTTP_LIMITS.maxHosts) throw invalid('http-allow', `at most ${HTTP_LIMITS.maxHosts} --http-allow hosts, got ${allow.length}`);
  for (const host of allow) {
    if (!isHostPattern(host))
      throw invalid('http-allow', `--http-allow takes a lowercase host name with an optional :port and an optional leading '*.', got '${host}'`);
  }
  return {
    allow: [...allow],
    maxRequests: bounded('http-max-requests', v['http-max-requests'], DEFAULT_HTTP.maxRequests, HTTP_LIMITS.maxRequests),
    maxResponseBytes: bounded('http-max-bytes', v['http-max-bytes'], DEFAULT_HTTP.maxResponseBytes, HTTP_LIMITS.maxResponseBytes),
  };
}
