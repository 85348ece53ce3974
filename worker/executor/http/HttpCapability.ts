/**
 * The `http` capability of one run (what the request grants) and the worker-side settings of the
 * HTTP host (what the machine allows). The capability is part of the request and so of the
 * determinism promise; the host settings are not (they only decide whether an exchange can
 * happen here at all: development mode, trusted CAs for tests, timeouts).
 */
import type { HttpCapability } from '../../../common/types/http.ts';
import { bad, intOption } from '../RunOptions.ts';
import { HttpAllowlist } from './policy/HttpAllowlist.ts';

/** The request's capability, one type from the chain to the executor (common/types/http.ts):
 * exchanges the program may start (refused ones count too), response-body bytes over the run. */
export type { HttpCapability };

export const HTTP_CAPABILITY_CAPS = { maxAllow: 64, maxRequests: 10_000, maxResponseBytes: 256 * 1024 * 1024 } as const;

export interface HttpHostOptions {
  /**
   * Development mode (ERRAND_DEV_MODE, `errand dev`, `errand run`): plain http:// and loopback
   * addresses are allowed, for local test servers. Never in production.
   */
  devMode?: boolean;
  /** Extra CA certificates (PEM) trusted for HTTPS, on top of Node's bundled roots (tests). */
  ca?: string[];
  /** Wall clock of one exchange, redirects included, ms (default 10 s). */
  exchangeTimeoutMs?: number;
  /** Redirects followed per exchange (default 5). */
  maxRedirects?: number;
  /** Benchmark baseline only (bench/http.ts): exchanges are performed but not recorded (no transcript entries). */
  unrecorded?: boolean;
}

export interface NormalizedHttpCapability extends HttpCapability {
  allowlist: HttpAllowlist;
}

const count = (field: string, value: unknown, max: number): number => intOption(field, value, max, 0);

export function normalizeHttpCapability(cap: HttpCapability): NormalizedHttpCapability {
  if (!cap || typeof cap !== 'object' || !Array.isArray(cap.allow)) bad('http.allow', 'http.allow must be a list of host names');
  if (cap.allow.length > HTTP_CAPABILITY_CAPS.maxAllow) bad('http.allow', `http.allow names at most ${HTTP_CAPABILITY_CAPS.maxAllow} hosts`);
  return {
    allow: [...cap.allow],
    maxRequests: count('http.maxRequests', cap.maxRequests, HTTP_CAPABILITY_CAPS.maxRequests),
    maxResponseBytes: count('http.maxResponseBytes', cap.maxResponseBytes, HTTP_CAPABILITY_CAPS.maxResponseBytes),
    allowlist: new HttpAllowlist(cap.allow),
  };
}
