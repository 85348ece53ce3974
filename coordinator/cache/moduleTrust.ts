/**
 * When a built module may be served to other workers for other users' requests. A compile
 * completion is one builder's claim ("source key K builds to sha256 S"): it is recorded in
 * module_builds, and K -> S enters wasm_sources (the shared index the claim statement and
 * GET /wasm/by-source read) only when
 * - the builder is an attested builder (workers.attested_builder, set by the admin for a worker
 *   whose hardware attestation was verified), or
 * - builders of two different identities (operator, else public key, else worker id) recorded the
 *   same S for K — the C, Rust and AssemblyScript builds are reproducible, so honest builders agree;
 * - or the source is a prebuilt wasm_url, whose sha256 the request itself names.
 * Until then only the worker that built S is given S for K (moduleFor), so a poisoned upload runs,
 * at most, for the requests its own worker claims. Branch names never reach K: the key holds the
 * commit each builder resolved, so two builders that agree on S agree on the commit as well.
 * A trusted entry is never replaced by a later, different build (a disagreement is logged as an
 * event for operators).
 */
import type { Db, TxContext } from '../db/Db.ts';
import { appendEvent } from '../ledger/events.ts';

export interface BuildClaim {
  sourceKey: string;
  sha256: string;
  workerId: string;
  requestId: string;
  jobId: string;
  /** wasm_url sources: the request named this sha256, so the bytes are what was asked for. */
  contentAddressed: boolean;
}

const BUILDER = `COALESCE(w.operator, w.public_key, w.id)`;

/** Records the build; returns whether K -> S is now trusted (shared). */
export async function recordBuild(tx: TxContext, b: BuildClaim): Promise<{ trusted: boolean }> {
  const { rows } = await tx.query<{ attested: boolean }>(
    `INSERT INTO module_builds (source_key, worker_id, builder, sha256)
     SELECT $1, $2, COALESCE((SELECT ${BUILDER} FROM workers w WHERE w.id = $2), 'worker:' || $2), $3
     ON CONFLICT (source_key, worker_id) DO UPDATE SET sha256 = EXCLUDED.sha256, builder = EXCLUDED.builder, created_at = now()
     RETURNING COALESCE((SELECT attested_builder FROM workers WHERE id = $2), false) AS attested`,
    [b.sourceKey, b.workerId, b.sha256],
  );
  const attested = rows[0]?.attested === true;
  const agree = await tx.query<{ builders: number; others: number }>(
    `SELECT count(DISTINCT builder) FILTER (WHERE sha256 = $2)::int AS builders,
            count(*) FILTER (WHERE sha256 <> $2)::int AS others
     FROM module_builds WHERE source_key = $1`,
    [b.sourceKey, b.sha256],
  );
  const { builders = 0, others = 0 } = agree.rows[0] ?? {};
  if (others > 0) {
    await appendEvent(tx, 'build_disagreement', { requestId: b.requestId, jobId: b.jobId }, { sourceKey: b.sourceKey, sha256: b.sha256, workerId: b.workerId });
  }
  if (!(b.contentAddressed || attested || builders >= 2)) return { trusted: false };
  await tx.query(`INSERT INTO wasm_sources (source_key, sha256) VALUES ($1, $2) ON CONFLICT (source_key) DO NOTHING`, [b.sourceKey, b.sha256]);
  const now = await tx.query<{ sha256: string }>(`SELECT sha256 FROM wasm_sources WHERE source_key = $1`, [b.sourceKey]);
  return { trusted: now.rows[0]?.sha256 === b.sha256 };
}

/**
 * The module a worker may run for a source key: the trusted one, else the worker's own build.
 * Touches the module's LRU time. null when neither exists.
 */
export async function moduleFor(
  db: Db,
  sourceKey: string,
  workerId: string | null,
  signal?: AbortSignal,
): Promise<{ sha256: string; bytes: number; trusted: boolean } | null> {
  const { rows } = await db.query<{ sha256: string; size: number; trusted: boolean }>(
    `WITH pick AS (
       SELECT sha256, true AS trusted, 0 AS rank FROM wasm_sources WHERE source_key = $1
       UNION ALL
       SELECT sha256, false, 1 FROM module_builds WHERE source_key = $1 AND worker_id = $2
       ORDER BY rank LIMIT 1
     )
     UPDATE wasm_modules m SET last_used_at = clock_timestamp() FROM pick
     WHERE m.sha256 = pick.sha256 RETURNING m.sha256, m.size_bytes::float8 AS size, pick.trusted`,
    [sourceKey, workerId],
    { signal },
  );
  const r = rows[0];
  return r ? { sha256: r.sha256, bytes: Number(r.size), trusted: r.trusted } : null;
}
