/**
 * POST /poll: long-poll that claims (returns when work was claimed or after timeoutMs, `claim: null`).
 * POST /claims: claim now; with `requestId`, that request or 409; with `max`, up to that many (`{claims}`).
 * Both take `buildTargets`, the targets the worker can compile for: a request needing a build for
 * another target stays queued for a worker that can build it (claimStatement.ts).
 */
import type { Router } from 'express';
import { workerIdOf } from '../../auth/authenticate.ts';
import type { RouteContext } from '../RouteContext.ts';
import { callerSignal, routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { claimAnswer, claimBody, claimsAnswer, pollBody } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';

export function claimRoutes(ctx: RouteContext, r: Router): void {
  r.post('/poll', async (req, res) => {
    const body = parse(pollBody, req.body ?? {}, 'body');
    const workerId = workerIdOf(res);
    // A worker that hangs up stops waiting; so does a closing coordinator.
    const caller = callerSignal(res, ctx.shutdown);
    const claim = await ctx.service.poll(workerId, body.timeoutMs, { signal: caller.signal, buildTargets: body.buildTargets });
    if (claim && caller.callerLeft && !ctx.shutdown.aborted) {
      // Claimed for a caller who left: the lease will expire and the sweeper returns it.
      ctx.log.warn({ workerId, requestId: claim.request.id }, 'claimed for a disconnected poller');
    }
    reply(res, claimAnswer, { claim });
  });
  r.post('/claims', async (req, res) => {
    const body = parse(claimBody, req.body ?? {}, 'body');
    const o = { signal: routeSignal(res, ctx.shutdown), buildTargets: body.buildTargets };
    if (body.max !== undefined) {
      reply(res, claimsAnswer, { claims: await ctx.service.claimMany(workerIdOf(res), body.max, o) });
      return;
    }
    reply(res, claimAnswer, { claim: await ctx.service.claim(workerIdOf(res), body.requestId, o) });
  });
}
