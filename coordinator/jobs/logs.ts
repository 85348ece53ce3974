/**
 * Job logs (build output, worker progress): appended by the job's current owner, capped per job,
 * read back in order by id (the SSE stream resumes from Last-Event-ID). Never holds secrets: the
 * worker must not send any (the coordinator cannot tell).
 */
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import type { LogStream } from '../api/index.ts';
import { fence, leaseLostError } from './jobState.ts';

export interface LogEntry {
  id: number;
  stream: LogStream;
  chunk: string;
  at: string;
}

/** Appends a chunk; `accepted: false` once the job's log budget is used up (the chunk is dropped). */
export async function appendLog(
  db: Db,
  clock: Clock,
  jobId: string,
  workerId: string,
  entry: { stream: LogStream; chunk: string },
  maxBytesPerJob: number,
  signal?: AbortSignal,
): Promise<{ accepted: boolean }> {
  const bytes = Buffer.byteLength(entry.chunk, 'utf8');
  const now = clock.now();
  return db.transaction(
    async (tx) => {
      const { rows } = await tx.query<{ used: number }>(`SELECT log_bytes::float8 AS used FROM jobs WHERE id = $1::uuid AND ${fence('$2', '$3')} FOR UPDATE`, [
        jobId,
        workerId,
        now,
      ]);
      if (!rows[0]) throw await leaseLostError(tx, jobId, workerId);
      if (Number(rows[0].used) + bytes > maxBytesPerJob) return { accepted: false };
      await tx.query(`UPDATE jobs SET log_bytes = log_bytes + $2 WHERE id = $1::uuid`, [jobId, bytes]);
      await tx.query(`INSERT INTO job_logs (job_id, stream, chunk) VALUES ($1::uuid, $2, $3)`, [jobId, entry.stream, entry.chunk]);
      return { accepted: true };
    },
    { signal },
  );
}

export async function readLogs(db: Db, jobId: string, afterId: number, limit = 500, signal?: AbortSignal): Promise<LogEntry[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id::float8 AS id, stream, chunk, at FROM job_logs WHERE job_id = $1::uuid AND id > $2 ORDER BY id LIMIT $3`,
    [jobId, afterId, limit],
    { signal },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    stream: r.stream as LogStream,
    chunk: r.chunk as string,
    at: new Date(r.at as string).toISOString(),
  }));
}
