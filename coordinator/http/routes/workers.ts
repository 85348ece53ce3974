/** Worker registration (admin; returns the bearer token once) and worker heartbeat. */
import type { Router } from 'express';
import { requireAdmin, workerIdOf } from '../../auth/authenticate.ts';
import { registerWorker, workerHeartbeat } from '../../workers/workersRepo.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { registerWorkerBody, workerHeartbeatBody } from '../schemas.ts';

export function workerRoutes(ctx: RouteContext, r: Router): void {
  r.post('/workers', requireAdmin, async (req, res) => {
    const body = parse(registerWorkerBody, req.body ?? {}, 'body');
    res.status(201).json(await registerWorker(ctx.service.db, body, routeSignal(res, ctx.shutdown)));
  });
  r.post('/workers/heartbeat', async (req, res) => {
    const body = parse(workerHeartbeatBody, req.body ?? {}, 'body');
    res.json({ worker: await workerHeartbeat(ctx.service.db, workerIdOf(res), body.capabilities, routeSignal(res, ctx.shutdown)) });
  });
}
