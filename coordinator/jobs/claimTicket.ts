/**
 * Issues a claim ticket (common/tickets) to the worker that holds a request's execute lease: the
 * keystore releases secrets only against one. Checked in one read: the job is an execute job,
 * running, locked by this worker with a live lease, and the worker was registered with the public
 * key it attests with (the ticket binds that key, not the caller's say-so). The ticket lives for
 * `ttlMs`, never past the current lease; "live" and "now" are the injected clock's.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { ClaimTicket, TicketSigner } from '../../common/tickets/index.ts';
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import { leaseLostError, readJob } from './jobState.ts';

export async function issueClaimTicket(
  db: Db,
  clock: Clock,
  signer: TicketSigner,
  jobId: string,
  workerId: string,
  ttlMs: number,
  signal?: AbortSignal,
): Promise<ClaimTicket> {
  const now = clock.now();
  const job = await readJob(db, jobId, signal);
  if (!job) throw new ErrandError('COORDINATOR__JOB_NOT_FOUND', `no job ${jobId}`, { jobId });
  if (job.type !== 'execute') {
    throw new ErrandError('COORDINATOR__JOB_STATE_INVALID', `job ${jobId} is a ${job.type} job: tickets are for execute jobs`, {
      jobId,
      reason: 'wrong job type',
    });
  }
  const { rows } = await db.query<{ chain: string; contract_id: string; request_id: string; lease_ms: number; public_key: string | null }>(
    `SELECT r.chain, r.contract_id, r.request_id, (extract(epoch FROM j.lease_until) * 1000)::float8 AS lease_ms,
            (SELECT w.public_key FROM workers w WHERE w.id = $2) AS public_key
     FROM jobs j JOIN requests r ON r.id = j.request_id
     WHERE j.id = $1::uuid AND j.status = 'running' AND j.locked_by = $2 AND j.lease_until >= $3::timestamptz`,
    [jobId, workerId, now],
    { signal },
  );
  const row = rows[0];
  if (!row) throw await leaseLostError(db, jobId, workerId, signal);
  if (!row.public_key || !/^ed25519:[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(row.public_key)) {
    throw new ErrandError('COORDINATOR__FORBIDDEN', 'this worker was registered without its ed25519 public key: it cannot be given claim tickets', {
      reason: 'no registered public key',
    });
  }
  const expiresAt = Math.floor(Math.min(now.getTime() + ttlMs, Number(row.lease_ms)));
  return signer.sign({
    v: 1,
    workerId,
    workerPublicKey: row.public_key,
    chain: row.chain as ClaimTicket['claims']['chain'],
    contractId: row.contract_id,
    requestId: row.request_id,
    jobId,
    expiresAt,
  });
}
