/**
 * Compile locks: acquire ({acquired: false} when someone else holds it — waiting is the caller's
 * choice; {acquired: true, token} otherwise), extend and release (409 COORDINATOR__LOCK_NOT_OWNED
 * unless the caller is the worker that acquired it and presents the token acquire gave it). The
 * worker is the authenticated one, never a body field.
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { workerIdOf } from '../../auth/authenticate.ts';
import { lockOwner, newLockToken } from '../../locks/lockToken.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { extendBody, lockBody, releaseBody } from '../schemas.ts';

export function lockRoutes(ctx: RouteContext, r: Router): void {
  const locks = ctx.service.locks;
  const notOwned = (key: string) => new ErrandError('COORDINATOR__LOCK_NOT_OWNED', 'lock is not held by this worker with this token', { key });
  r.post('/locks/acquire', async (req, res) => {
    const b = parse(lockBody, req.body, 'body');
    const token = newLockToken();
    const acquired = await locks.acquire(b.key, lockOwner(workerIdOf(res), token), b.ttlMs, routeSignal(res, ctx.shutdown));
    res.json({ acquired, key: b.key, ...(acquired ? { token, expiresAt: new Date(Date.now() + b.ttlMs).toISOString() } : {}) });
  });
  r.post('/locks/extend', async (req, res) => {
    const b = parse(extendBody, req.body, 'body');
    if (!(await locks.extend(b.key, lockOwner(workerIdOf(res), b.token), b.ttlMs, routeSignal(res, ctx.shutdown)))) throw notOwned(b.key);
    res.json({ extended: true, key: b.key, expiresAt: new Date(Date.now() + b.ttlMs).toISOString() });
  });
  r.post('/locks/release', async (req, res) => {
    const b = parse(releaseBody, req.body, 'body');
    if (!(await locks.release(b.key, lockOwner(workerIdOf(res), b.token), routeSignal(res, ctx.shutdown)))) throw notOwned(b.key);
    res.json({ released: true, key: b.key });
  });
}
