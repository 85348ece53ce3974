/** GET /health (database reachable, which wake-up bus, whether Redis answers) and GET /metrics. */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { reply } from '../../../common/http/reply.ts';
import { healthAnswer } from '../../api/index.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';

export function healthRoutes(ctx: RouteContext, r: Router): void {
  r.get('/health', async (_req, res) => {
    const signal = routeSignal(res, ctx.shutdown);
    try {
      await ctx.service.db.query('SELECT 1', [], { signal });
    } catch (e) {
      if (signal.aborted) throw e; // the caller left or the coordinator is closing: not an outage
      throw new ErrandError('COMMON__UNAVAILABLE', 'database unreachable', { service: 'postgres', reason: (e as Error).message });
    }
    reply(res, healthAnswer, {
      status: 'ok',
      db: ctx.service.db.kind,
      wake: ctx.service.bus.kind,
      wakeHealthy: ctx.service.bus.healthy(),
      locks: ctx.service.locks.kind,
    });
  });
  r.get('/metrics', async (_req, res) => {
    ctx.service.metrics.redisUp.set(ctx.service.bus.kind === 'redis' && ctx.service.bus.healthy() ? 1 : 0);
    res.type(ctx.service.metrics.registry.contentType).send(await ctx.service.metrics.registry.metrics());
  });
}
