/**
 * HTTP transcripts: PUT /jobs/:jobId/transcript (the worker holding the execute job; raw bytes, the
 * declared sha256 in `X-Errand-Transcript-Sha256`, checked), GET /requests/:id/transcript (anyone
 * allowed to read requests: the bytes as stored, whose sha256 is the one on-chain).
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { assertSha256Hex } from '../../../common/types/index.ts';
import { workerIdOf } from '../../auth/authenticate.ts';
import { getTranscript, MAX_TRANSCRIPT_BYTES } from '../../jobs/transcripts.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { jobIdParam, requestIdParam } from '../params.ts';
import { readRawBody } from '../readRawBody.ts';
import { reply } from '../../../common/http/reply.ts';
import { uploadTranscriptAnswer } from '../../api/index.ts';

export const TRANSCRIPT_SHA256_HEADER = 'x-errand-transcript-sha256';

export function transcriptRoutes(ctx: RouteContext, r: Router): void {
  r.put('/jobs/:jobId/transcript', async (req, res) => {
    const jobId = jobIdParam(req);
    const declared = String(req.headers[TRANSCRIPT_SHA256_HEADER] ?? '');
    assertSha256Hex(declared);
    const body = await readRawBody(
      req,
      MAX_TRANSCRIPT_BYTES,
      (bytes) =>
        new ErrandError('COORDINATOR__TRANSCRIPT_TOO_LARGE', `the transcript is over the ${MAX_TRANSCRIPT_BYTES}-byte limit`, {
          bytes,
          limitBytes: MAX_TRANSCRIPT_BYTES,
        }),
    );
    await ctx.service.storeTranscript(jobId, workerIdOf(res), declared, body, routeSignal(res, ctx.shutdown));
    reply(res, uploadTranscriptAnswer, { sha256: declared, bytes: body.length }, 201);
  });
  r.get('/requests/:id/transcript', async (req, res) => {
    const t = await getTranscript(ctx.service.db, requestIdParam(req), routeSignal(res, ctx.shutdown));
    res.setHeader('X-Errand-Transcript-Sha256', t.sha256);
    res.type('application/json').send(t.body);
  });
}
