/** Job heartbeat, complete (compile: module sha256 + pinned commit; execute: the response), fail, and the
 * claim ticket for an execute job (what the keystore wants before releasing secrets). All fenced. */
import type { Router } from 'express';
import { workerIdOf } from '../../auth/authenticate.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { completeBody, completeCompileAnswer, completeExecuteAnswer, failAnswer, failBody, jobHeartbeatAnswer, ticketAnswer } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';
import { jobIdParam } from '../params.ts';

export function jobRoutes(ctx: RouteContext, r: Router): void {
  r.post('/jobs/:jobId/heartbeat', async (req, res) => {
    reply(res, jobHeartbeatAnswer, await ctx.service.heartbeat(jobIdParam(req), workerIdOf(res), routeSignal(res, ctx.shutdown)));
  });
  r.post('/jobs/:jobId/complete', async (req, res) => {
    const jobId = jobIdParam(req);
    const body = parse(completeBody, req.body, 'body');
    const workerId = workerIdOf(res);
    if (body.type === 'compile') {
      const { type: _t, ...c } = body;
      reply(res, completeCompileAnswer, { ok: true, ...(await ctx.service.completeCompile(jobId, workerId, c, routeSignal(res, ctx.shutdown))) });
    } else {
      await ctx.service.completeExecute(jobId, workerId, { response: body.response, resolveTx: body.resolveTx }, routeSignal(res, ctx.shutdown));
      reply(res, completeExecuteAnswer, { ok: true });
    }
  });
  r.post('/jobs/:jobId/ticket', async (req, res) => {
    reply(res, ticketAnswer, { ticket: await ctx.service.claimTicket(jobIdParam(req), workerIdOf(res), routeSignal(res, ctx.shutdown)) });
  });
  r.post('/jobs/:jobId/fail', async (req, res) => {
    const jobId = jobIdParam(req);
    const body = parse(failBody, req.body, 'body');
    reply(res, failAnswer, await ctx.service.fail(jobId, workerIdOf(res), body, routeSignal(res, ctx.shutdown)));
  });
}
