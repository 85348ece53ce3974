/**
 * Requests: create (admin; the watcher records chain events itself), get, list with filters, and
 * the event log of one request.
 */
import type { Router } from 'express';
import { requireAdmin } from '../../auth/authenticate.ts';
import { sourceRefusal } from '../../ledger/sourcePolicy.ts';
import { getRequest, listRequests } from '../../ledger/requestsRepo.ts';
import { listEvents } from '../../ledger/events.ts';
import { listJobs } from '../../jobs/jobState.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { createRequestAnswer, eventsAnswer, executionRequestSchema, jobsAnswer, listRequestsQuery, requestAnswer, requestsAnswer } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';
import { requestIdParam } from '../params.ts';

export function requestRoutes(ctx: RouteContext, r: Router): void {
  r.post('/requests', requireAdmin, async (req, res) => {
    const body = parse(executionRequestSchema, req.body, 'body');
    const refusal = sourceRefusal(body.source, ctx.config.DEV_MODE);
    if (refusal) throw refusal;
    const out = await ctx.service.record(body, routeSignal(res, ctx.shutdown));
    reply(res, createRequestAnswer, { request: out.record, created: out.created }, out.created ? 201 : 200);
  });
  r.get('/requests', async (req, res) => {
    const q = parse(listRequestsQuery, req.query, 'query');
    reply(res, requestsAnswer, { requests: await listRequests(ctx.service.db, q, routeSignal(res, ctx.shutdown)) });
  });
  r.get('/requests/:id', async (req, res) => {
    reply(res, requestAnswer, { request: await getRequest(ctx.service.db, requestIdParam(req), routeSignal(res, ctx.shutdown)) });
  });
  r.get('/requests/:id/events', async (req, res) => {
    const id = requestIdParam(req);
    const signal = routeSignal(res, ctx.shutdown);
    await getRequest(ctx.service.db, id, signal);
    reply(res, eventsAnswer, { events: await listEvents(ctx.service.db, id, signal) });
  });
  r.get('/requests/:id/jobs', async (req, res) => {
    const id = requestIdParam(req);
    const signal = routeSignal(res, ctx.shutdown);
    await getRequest(ctx.service.db, id, signal);
    reply(res, jobsAnswer, { jobs: await listJobs(ctx.service.db, id, signal) });
  });
}
