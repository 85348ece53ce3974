/**
 * Job logs: POST appends a chunk (the job's owner only); GET streams them as Server-Sent Events
 * (`event: log`, id = log entry id, so a reconnect with Last-Event-ID resumes), and with
 * follow=true keeps streaming until the job is no longer running, then sends `event: end`.
 */
import type { RequestHandler, Router } from 'express';
import { workerIdOf } from '../../auth/authenticate.ts';
import { readLogs } from '../../jobs/logs.ts';
import { requireJob, readJob } from '../../jobs/jobState.ts';
import { logTopic } from '../../wake/topics.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { parse } from '../validate.ts';
import { appendLogAnswer, appendLogBody, logsQuery } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';
import { jobIdParam } from '../params.ts';
import { openSse } from '../openSse.ts';

const MAX_STREAM_MS = 10 * 60_000;
const PAGE = 500;

export function logRoutes(ctx: RouteContext, r: Router): void {
  const appendSchema = appendLogBody(ctx.config.LOG_CHUNK_MAX_BYTES);
  r.post('/jobs/:jobId/logs', async (req, res) => {
    const jobId = jobIdParam(req);
    const body = parse(appendSchema, req.body, 'body');
    reply(res, appendLogAnswer, await ctx.service.appendLog(jobId, workerIdOf(res), body, routeSignal(res, ctx.shutdown)));
  });
  r.get('/jobs/:jobId/logs', jobLogStream(ctx));
}

/** The SSE stream of one job's log: also served, unauthenticated, to the dashboard (build logs). */
export function jobLogStream(ctx: RouteContext): RequestHandler {
  return async (req, res) => {
    const jobId = jobIdParam(req);
    const q = parse(logsQuery, req.query, 'query');
    await requireJob(ctx.service.db, jobId, routeSignal(res, ctx.shutdown));
    const lastEventId = Number(req.headers['last-event-id']);
    let after = Number.isSafeInteger(lastEventId) && lastEventId >= 0 ? lastEventId : (q.after ?? 0);
    const { signal, gone } = openSse(res, ctx.shutdown, MAX_STREAM_MS);
    let status = 'unknown';
    try {
      for (;;) {
        const waiter = ctx.service.bus.waiter(logTopic(jobId));
        const job = await readJob(ctx.service.db, jobId, signal);
        status = job?.status ?? 'unknown';
        const entries = await readLogs(ctx.service.db, jobId, after, PAGE, signal);
        for (const e of entries) {
          res.write(`id: ${e.id}\nevent: log\ndata: ${JSON.stringify(e)}\n\n`);
          after = e.id;
        }
        const finished = status !== 'running' && status !== 'queued';
        if (entries.length === PAGE) {
          waiter.cancel();
          continue;
        }
        if (!q.follow || finished || signal.aborted) {
          waiter.cancel();
          break;
        }
        await waiter.wait(ctx.config.POLL_FALLBACK_MS, signal);
      }
    } catch (err) {
      // The caller leaving, shutdown or the stream's time limit end the stream; anything else failed it.
      if (!signal.aborted) {
        ctx.log.warn({ err, jobId }, 'log stream failed');
        status = 'error';
      }
    }
    if (!gone.aborted) res.end(`event: end\ndata: ${JSON.stringify({ status, lastId: after })}\n\n`);
  };
}
