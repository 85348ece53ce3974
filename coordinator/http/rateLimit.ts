/**
 * In-memory token buckets, one per bearer token (by its hash) and one per client IP. Per process:
 * several coordinators each allow the configured rate. Idle buckets are forgotten. O(1) per call:
 * an existing bucket is updated in place; only a new key allocates.
 */
import type { RequestHandler } from 'express';
import { ErrandError } from '../../common/errors/index.ts';
import { bearerTokenHash } from '../auth/tokens.ts';

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
    let b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.ratePerS);
      b.at = now;
    } else {
      if (this.buckets.size >= 50_000) this.buckets.clear();
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
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
    // The peer address is what Express's req.ip is without 'trust proxy' (never set here), minus
    // its X-Forwarded-For parsing on every call.
    const now = Date.now();
    const waitIp = byIp.take(req.socket.remoteAddress ?? 'unknown', now);
    const tokenHash = bearerTokenHash(req);
    const waitToken = tokenHash ? byToken.take(tokenHash, now) : 0;
    const wait = Math.max(waitIp, waitToken);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ErrandError('COORDINATOR__RATE_LIMITED', 'too many requests', { retryAfterMs: wait });
    }
    next();
  };
}
