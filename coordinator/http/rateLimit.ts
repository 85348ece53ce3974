/**
 * The rate-limit middleware: one bucket per client IP and one per bearer token (by its hash),
 * taken together. The buckets live where the RateLimiter keeps them: in Redis when the coordinator
 * has one (the configured rate holds for all coordinators together), else in this process.
 */
import type { RequestHandler } from 'express';
import { ErrandError } from '../../common/errors/index.ts';
import { bearerTokenHash } from '../auth/tokens.ts';
import type { Bucket, RateLimiter } from './RateLimiter.ts';

export function rateLimit(limiter: RateLimiter, opts: { perTokenPerS: number; perIpPerS: number; burst: number }): RequestHandler {
  return async (req, res, next) => {
    // The peer address is what Express's req.ip is without 'trust proxy' (never set here), minus
    // its X-Forwarded-For parsing on every call. Behind a balancer every call has the balancer's
    // address: the per-IP bucket then bounds the whole balancer (see README, scale example).
    const buckets: Bucket[] = [{ key: `ip:${req.socket.remoteAddress ?? 'unknown'}`, ratePerS: opts.perIpPerS, burst: opts.burst * 2 }];
    const tokenHash = bearerTokenHash(req);
    if (tokenHash) buckets.push({ key: `token:${tokenHash}`, ratePerS: opts.perTokenPerS, burst: opts.burst });
    const wait = await limiter.take(buckets);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new ErrandError('COORDINATOR__RATE_LIMITED', 'too many requests', { retryAfterMs: wait });
    }
    next();
  };
}
