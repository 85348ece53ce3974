/** Worker registration (admin; returns the bearer token once) and worker heartbeat. */
import type { Router } from 'express';
import { requireAdmin, workerIdOf } from '../../auth/authenticate.ts';
import { registerWorker, workerHeartbeat } from '../../workers/workersRepo.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { registerWorkerAnswer, registerWorkerBody, workerHeartbeatAnswer, workerHeartbeatBody } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';

export function workerRoutes(ctx: RouteContext, r: Router): void {
  r.post('/workers', requireAdmin, async (req, res) => {
    const body = parse(registerWorkerBody, req.body ?? {}, 'body');
    reply(res, registerWorkerAnswer, await registerWorker(ctx.service.db, body, routeSignal(res, ctx.shutdown)), 201);
  });
  r.post('/workers/heartbeat', async (req, res) => {
    const body = parse(workerHeartbeatBody, req.body ?? {}, 'body');
    reply(res, workerHeartbeatAnswer, { worker: await workerHeartbeat(ctx.service.db, workerIdOf(res), body.capabilities, routeSignal(res, ctx.shutdown)) });
  });
}
