/**
 * Compile locks: acquire ({acquired: false} when someone else holds it — waiting is the caller's
 * choice), extend and release (409 COORDINATOR__LOCK_NOT_OWNED unless the caller holds it). The
 * owner is the authenticated worker, never a body field.
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { workerIdOf } from '../../auth/authenticate.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { extendLockAnswer, lockAnswer, lockBody, releaseBody, releaseLockAnswer } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';

export function lockRoutes(ctx: RouteContext, r: Router): void {
  const locks = ctx.service.locks;
  r.post('/locks/acquire', async (req, res) => {
    const b = parse(lockBody, req.body, 'body');
    const acquired = await locks.acquire(b.key, workerIdOf(res), b.ttlMs, routeSignal(res, ctx.shutdown));
    reply(res, lockAnswer, { acquired, key: b.key, ...(acquired ? { expiresAt: new Date(Date.now() + b.ttlMs).toISOString() } : {}) });
  });
  r.post('/locks/extend', async (req, res) => {
    const b = parse(lockBody, req.body, 'body');
    if (!(await locks.extend(b.key, workerIdOf(res), b.ttlMs, routeSignal(res, ctx.shutdown)))) {
      throw new ErrandError('COORDINATOR__LOCK_NOT_OWNED', 'lock is not held by this worker', { key: b.key });
    }
    reply(res, extendLockAnswer, { extended: true, key: b.key, expiresAt: new Date(Date.now() + b.ttlMs).toISOString() });
  });
  r.post('/locks/release', async (req, res) => {
    const b = parse(releaseBody, req.body, 'body');
    if (!(await locks.release(b.key, workerIdOf(res), routeSignal(res, ctx.shutdown)))) {
      throw new ErrandError('COORDINATOR__LOCK_NOT_OWNED', 'lock is not held by this worker', { key: b.key });
    }
    reply(res, releaseLockAnswer, { released: true, key: b.key });
  });
}
