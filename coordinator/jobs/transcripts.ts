/**
 * HTTP transcripts (issue 17): the exact bytes of an execution's transcript, whose sha256 the
 * worker puts on-chain. Stored by the worker holding the request's execute job (fenced, as every
 * job write), once per request; read by anyone who wants to audit or replay the run.
 */
import { createHash } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';
import type { Db } from '../db/Db.ts';
import type { Clock } from '../../common/clock/index.ts';
import { fence, leaseLostError } from './jobState.ts';

/** Largest transcript kept: the contracts' 16 MiB of response bodies, plus requests and headers as JSON. */
export const MAX_TRANSCRIPT_BYTES = 24 * 1024 * 1024;

const STORE_SQL = `
INSERT INTO transcripts (request_id, sha256, body)
SELECT request_id, $3, $4 FROM jobs WHERE id = $1::uuid AND type = 'execute' AND ${fence('$2', '$5')}
ON CONFLICT (request_id) DO UPDATE SET sha256 = EXCLUDED.sha256, body = EXCLUDED.body, created_at = now()
RETURNING request_id::text AS request_id`;

export async function storeTranscript(
  db: Db,
  clock: Clock,
  jobId: string,
  workerId: string,
  declaredSha256: string,
  body: Uint8Array,
  signal?: AbortSignal,
): Promise<void> {
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual !== declaredSha256) {
    throw new ErrandError('COORDINATOR__TRANSCRIPT_MISMATCH', 'the transcript does not hash to the declared sha256', { declared: declaredSha256, actual });
  }
  const { rows } = await db.query<{ request_id: string }>(STORE_SQL, [jobId, workerId, actual, Buffer.from(body), clock.now()], { signal });
  if (!rows[0]) throw await leaseLostError(db, jobId, workerId, signal);
}

export async function getTranscript(db: Db, requestId: string, signal?: AbortSignal): Promise<{ sha256: string; body: Buffer }> {
  const { rows } = await db.query<{ sha256: string; body: Buffer }>('SELECT sha256, body FROM transcripts WHERE request_id = $1::uuid', [requestId], {
    signal,
  });
  if (!rows[0]) throw new ErrandError('COORDINATOR__TRANSCRIPT_NOT_FOUND', `no HTTP transcript is kept for request ${requestId}`, { id: requestId });
  return { sha256: rows[0].sha256, body: Buffer.from(rows[0].body) };
}
