/**
 * Completing a job, fenced on the owner and the lease. A compile completion records the uploaded
 * module as this worker's build of the source key derived here from the request and the pinned
 * commit (never from a branch name); the module is shared with other workers only once the build
 * is trusted (cache/moduleTrust.ts). The commit a worker says a branch pins to is its claim, not a
 * fact: it is recorded on the request for information, but a branch request never gets a source
 * key, so every worker that runs it resolves the branch itself. An execute completion stores the
 * response and marks the request done; it is refused while the request's compile job is not done.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { isCommitHash } from '../../common/types/index.ts';
import type { ExecutionResponse, ExecutionSource } from '../../common/types/index.ts';
import type { Clock } from '../../common/clock/index.ts';
import type { Db, TxContext } from '../db/Db.ts';
import { appendEvent } from '../ledger/events.ts';
import { requestSourceKey } from '../ledger/sourceKey.ts';
import { recordBuild } from '../cache/moduleTrust.ts';
import { fence, leaseLostError } from './jobState.ts';

export interface CompileCompletion {
  wasmSha256: string;
  /** The commit the worker pinned a branch/tag to; required when the request named a branch. */
  pinnedCommit?: string;
  compileTimeMs?: number;
}

export interface ExecuteCompletion {
  response: ExecutionResponse;
  /** The `resolve_execution` transaction, when the worker resolved before completing (the normal order). */
  resolveTx?: string;
}

async function fencedFinish(tx: TxContext, now: Date, jobId: string, workerId: string, type: string, result: unknown) {
  const { rows } = await tx.query<{ request_id: string }>(
    `UPDATE jobs SET status = 'done', lease_until = NULL, result = $4::jsonb, updated_at = now()
     WHERE id = $1::uuid AND ${fence('$2', '$5')} AND type = $3
     RETURNING request_id::text AS request_id`,
    [jobId, workerId, type, JSON.stringify(result), now],
  );
  if (!rows[0]) {
    const job = await tx.query<{ type: string }>(`SELECT type FROM jobs WHERE id = $1::uuid`, [jobId]);
    if (job.rows[0] && job.rows[0].type !== type) {
      throw new ErrandError('COORDINATOR__JOB_STATE_INVALID', `job ${jobId} is a ${job.rows[0].type} job`, { jobId, reason: 'wrong job type' });
    }
    throw await leaseLostError(tx, jobId, workerId);
  }
  return rows[0].request_id;
}

function pinnedCommitFor(source: ExecutionSource, c: CompileCompletion, jobId: string): string | null {
  const bad = (reason: string) => new ErrandError('COORDINATOR__JOB_STATE_INVALID', reason, { jobId, reason });
  if (source.kind === 'wasm_url') {
    if (c.wasmSha256 !== source.sha256) throw bad(`module ${c.wasmSha256} is not the requested ${source.sha256}`);
    return null;
  }
  if (isCommitHash(source.commit)) {
    if (c.pinnedCommit && c.pinnedCommit !== source.commit) throw bad('pinnedCommit differs from the requested commit');
    return source.commit;
  }
  if (!isCommitHash(c.pinnedCommit)) throw bad(`source names '${source.commit}', a branch or tag: pinnedCommit (40/64 hex) is required`);
  return c.pinnedCommit;
}

export async function completeCompile(
  db: Db,
  clock: Clock,
  jobId: string,
  workerId: string,
  c: CompileCompletion,
  signal?: AbortSignal,
): Promise<{ sourceKey: string | null; trusted: boolean }> {
  const now = clock.now();
  return db.transaction(
    async (tx) => {
      const requestId = await fencedFinish(tx, now, jobId, workerId, 'compile', c);
      const { rows } = await tx.query<{ source: ExecutionSource }>(`SELECT source FROM requests WHERE id = $1::uuid`, [requestId]);
      const source = rows[0]!.source;
      const pinned = pinnedCommitFor(source, c, jobId);
      const mod = await tx.query(`SELECT 1 FROM wasm_modules WHERE sha256 = $1`, [c.wasmSha256]);
      if (mod.rowCount === 0) {
        throw new ErrandError('COORDINATOR__WASM_NOT_FOUND', `upload module ${c.wasmSha256} before completing the compile`, {
          sha256: c.wasmSha256,
        });
      }
      const sourceKey = requestSourceKey(source, pinned);
      let trusted = false;
      if (sourceKey) {
        const b = { sourceKey, sha256: c.wasmSha256, workerId, requestId, jobId, contentAddressed: source.kind === 'wasm_url' };
        trusted = (await recordBuild(tx, b)).trusted;
      }
      // Only the pinned_commit (the builder's claim) is stored: the request's source_key stays what
      // the request itself pins (NULL for a branch), so a re-claim never trusts this builder's pin.
      await tx.query(`UPDATE requests SET pinned_commit = $2, updated_at = now() WHERE id = $1::uuid`, [requestId, pinned]);
      await appendEvent(tx, 'job_completed', { requestId, jobId }, { type: 'compile', wasmSha256: c.wasmSha256, pinnedCommit: pinned, trusted });
      return { sourceKey, trusted };
    },
    { signal },
  );
}

/** The request's compile job status, 'done' when there is none: a probe of the (request_id, type) key. */
const COMPILE_STATUS = `COALESCE((SELECT c.status FROM jobs c WHERE c.request_id = $req AND c.type = 'compile'), 'done')`;

/*
 * The whole execute completion in one statement, so it costs one round trip and one commit: the
 * fenced job update (refused while the request's compile job is not done), the request's response
 * and the `job_completed` event commit together or not at all. No row back means nothing changed;
 * explainExecuteRefusal then says why.
 */
const COMPLETE_EXECUTE_SQL = `
WITH fin AS (
  UPDATE jobs SET status = 'done', lease_until = NULL, result = $3::jsonb, updated_at = now()
  WHERE id = $1::uuid AND ${fence('$2', '$7')} AND type = 'execute' AND ${COMPILE_STATUS.replace('$req', 'jobs.request_id')} = 'done'
  RETURNING request_id
), req AS (
  UPDATE requests r SET status = 'done', response = $4::json, resolve_tx = $5, updated_at = now()
  FROM fin WHERE r.id = fin.request_id
  RETURNING r.id
), ev AS (
  INSERT INTO events (request_id, job_id, kind, data)
  SELECT request_id, $1::uuid, 'job_completed', $6::jsonb FROM fin
)
SELECT request_id::text AS request_id FROM fin`;

/** The coded error of an execute completion that changed nothing, in the order the checks apply. */
async function explainExecuteRefusal(db: Db, now: Date, jobId: string, workerId: string, signal?: AbortSignal): Promise<ErrandError> {
  const { rows } = await db.query<{ type: string; fenced: boolean; compile_pending: boolean }>(
    `SELECT type, (${fence('$2', '$3')}) AS fenced, ${COMPILE_STATUS.replace('$req', 'j.request_id')} <> 'done' AS compile_pending
     FROM jobs j WHERE id = $1::uuid`,
    [jobId, workerId, now],
    { signal },
  );
  const job = rows[0];
  if (job && job.type !== 'execute') {
    return new ErrandError('COORDINATOR__JOB_STATE_INVALID', `job ${jobId} is a ${job.type} job`, { jobId, reason: 'wrong job type' });
  }
  if (job?.fenced && job.compile_pending) {
    return new ErrandError('COORDINATOR__JOB_STATE_INVALID', 'the compile job of this request is not done', { jobId, reason: 'compile pending' });
  }
  return leaseLostError(db, jobId, workerId, signal);
}

export async function completeExecute(db: Db, clock: Clock, jobId: string, workerId: string, c: ExecuteCompletion, signal?: AbortSignal): Promise<void> {
  const resolveTx = c.resolveTx ?? null;
  const now = clock.now();
  const { rows } = await db.query<{ request_id: string }>(
    COMPLETE_EXECUTE_SQL,
    [
      jobId,
      workerId,
      JSON.stringify({ resolveTx }),
      JSON.stringify(c.response),
      resolveTx,
      JSON.stringify({ type: 'execute', success: c.response.success, resolveTx }),
      now,
    ],
    { prepareAs: 'errand_complete_execute_v2', signal },
  );
  if (!rows[0]) throw await explainExecuteRefusal(db, now, jobId, workerId, signal);
}
