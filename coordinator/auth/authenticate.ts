/**
 * Express middleware resolving the bearer token to a Principal (res.locals.principal), plus guards
 * for admin-only and worker-only routes. Worker lookups are cached for a few seconds by token hash
 * so the hot path (poll, claim, heartbeat) does not read the workers table every call.
 * With auth disabled (dev mode only) every caller is admin, and worker routes take the worker id
 * from the `X-Worker-Id` header.
 */
import type { RequestHandler, Response } from 'express';
import { ErrandError } from '../../common/errors/index.ts';
import type { Db } from '../db/Db.ts';
import { workerForTokenHash } from '../workers/workersRepo.ts';
import { routeSignal } from '../http/callerSignal.ts';
import type { Principal } from './Principal.ts';
import { bearerTokenHash, hashToken, tokenHashesEqual } from './tokens.ts';

const CACHE_MS = 5_000;

/** `shutdown`: with it, a token lookup is cancelled when the caller hangs up or the coordinator closes. */
export function authenticate(opts: { db: Db; adminToken: string; enabled: boolean; shutdown?: AbortSignal }): RequestHandler {
  const cache = new Map<string, { workerId: string; until: number }>();
  const adminHash = hashToken(opts.adminToken);
  return async (req, res, next) => {
    if (!opts.enabled) {
      res.locals.principal = { kind: 'admin' } satisfies Principal;
      res.locals.devWorkerId = (req.headers['x-worker-id'] as string | undefined)?.slice(0, 128) || 'dev-worker';
      return next();
    }
    const key = bearerTokenHash(req);
    if (!key) throw new ErrandError('COORDINATOR__UNAUTHENTICATED', 'missing bearer token', { reason: 'no Authorization: Bearer header' });
    if (tokenHashesEqual(key, adminHash)) {
      res.locals.principal = { kind: 'admin' } satisfies Principal;
      return next();
    }
    const hit = cache.get(key);
    let workerId = hit && hit.until > Date.now() ? hit.workerId : null;
    if (!workerId) {
      workerId = await workerForTokenHash(opts.db, key, opts.shutdown ? routeSignal(res, opts.shutdown) : undefined);
      if (!workerId) throw new ErrandError('COORDINATOR__UNAUTHENTICATED', 'unknown token', { reason: 'unknown token' });
      if (cache.size > 10_000) cache.clear();
      cache.set(key, { workerId, until: Date.now() + CACHE_MS });
    }
    res.locals.principal = { kind: 'worker', workerId } satisfies Principal;
    next();
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** The worker id of a worker route's caller (403 for the admin token). */
export function workerIdOf(res: Response): string {
  const p = principalOf(res);
  if (p.kind === 'worker') return p.workerId;
  if (typeof res.locals.devWorkerId === 'string') return res.locals.devWorkerId;
  throw new ErrandError('COORDINATOR__FORBIDDEN', 'this endpoint is for workers', { reason: 'admin token used on a worker route' });
}

export const requireAdmin: RequestHandler = (_req, res, next) => {
  if (principalOf(res).kind !== 'admin') {
    throw new ErrandError('COORDINATOR__FORBIDDEN', 'this endpoint needs the admin token', { reason: 'not admin' });
  }
  next();
};
