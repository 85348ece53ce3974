/**
 * In-memory token buckets, one per bearer token and one per client IP. Per process: several
 * coordinators each allow the configured rate. Idle buckets are forgotten.
 */
import type { RequestHandler } from 'express';
import { ErrandError } from '../../common/errors/index.ts';
import { bearerToken, hashToken } from '../auth/tokens.ts';

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly ratePerS: number,
    private readonly burst: number,
  ) {}

  /** 0 when allowed, else milliseconds until one token is back. */
  take(key: string, now = Date.now()): number {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerS);
    b.at = now;
    if (this.buckets.size > 50_000) this.buckets.clear();
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.ratePerS) * 1000);
  }
}

export function rateLimit(opts: { perTokenPerS: number; perIpPerS: number; burst: number }): RequestHandler {
  const byToken = new TokenBuckets(opts.perTokenPerS, opts.burst);
  const byIp = new TokenBuckets(opts.perIpPerS, opts.burst * 2);
  return (req, res, next) => {
    const token = bearerToken(req.headers.authorization);
    const waitIp = byIp.take(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const waitToken = token ? byToken.take(hashToken(token)) : 0;
    const wait = Math.max(waitIp, waitToken);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ErrandError('COORDINATOR__RATE_LIMITED', 'too many requests', { retryAfterMs: wait });
    }
    next();
  };
}
