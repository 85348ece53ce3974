/**
 * The content-addressed WASM cache: bytes in a BlobStore, the index (size, last use, source keys)
 * in Postgres: one truth for every coordinator of a deployment, so LRU eviction is global. Uploads are verified (size, magic, sha256). After each upload the least recently
 * used modules beyond the byte budget are evicted in one statement. Source keys are written only
 * by a compile completion (see jobs/complete.ts), never by an upload, and a module is shared for a
 * source key only once its build is trusted (moduleTrust.ts).
 *
 * Not promised: a module a claim reported as cached may be evicted before the worker downloads it;
 * the worker then fails the job (retryable) and the next claim compiles again.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { assertSha256Hex } from '../../common/types/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { Db } from '../db/Db.ts';
import type { BlobStore } from './BlobStore.ts';
import { moduleFor } from './moduleTrust.ts';
import { validateUpload } from './validateUpload.ts';

export interface CacheLimits {
  maxModuleBytes: number;
  budgetBytes: number;
}

const notCached = (sha256: string): ErrandError => new ErrandError('COORDINATOR__WASM_NOT_FOUND', `module ${sha256} is not cached`, { sha256 });

export class WasmCache {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    readonly limits: CacheLimits,
    private readonly log?: Logger,
  ) {}

  /** Stores a verified module; `created` is false when it was already cached. */
  async upload(sha256: string, bytes: Uint8Array): Promise<{ created: boolean; evicted: string[] }> {
    validateUpload(sha256, bytes, this.limits.maxModuleBytes);
    await this.blobs.put(sha256, bytes);
    const { rows } = await this.db.query<{ inserted: boolean }>(
      `INSERT INTO wasm_modules (sha256, size_bytes, last_used_at) VALUES ($1, $2, clock_timestamp())
       ON CONFLICT (sha256) DO UPDATE SET last_used_at = clock_timestamp()
       RETURNING (xmax = 0) AS inserted`,
      [sha256, bytes.length],
    );
    const evicted = await this.evict();
    return { created: rows[0]?.inserted === true, evicted };
  }

  async download(sha256: string, signal?: AbortSignal): Promise<Buffer> {
    assertSha256Hex(sha256);
    const touched = await this.touch(sha256, signal);
    const bytes = touched ? await this.blobs.get(sha256, signal) : null;
    if (!bytes) throw notCached(sha256);
    return bytes;
  }

  /** The module as a stream of chunks (checked against its hash by the store, at the end). */
  async stream(sha256: string, signal?: AbortSignal): Promise<{ bytes: number; chunks: AsyncIterable<Buffer> }> {
    assertSha256Hex(sha256);
    const found = await this.exists(sha256, signal);
    const chunks = found && (await this.touch(sha256, signal)) ? await this.blobs.open(sha256, signal) : null;
    if (!found || !chunks) throw notCached(sha256);
    return { bytes: found.bytes, chunks };
  }

  async exists(sha256: string, signal?: AbortSignal): Promise<{ bytes: number } | null> {
    assertSha256Hex(sha256);
    const { rows } = await this.db.query<{ size: number }>(`SELECT size_bytes::float8 AS size FROM wasm_modules WHERE sha256 = $1`, [sha256], { signal });
    return rows[0] ? { bytes: Number(rows[0].size) } : null;
  }

  /**
   * The module `workerId` may run for a source key: the trusted one, else that worker's own build
   * (see moduleTrust.ts). With no worker (the admin), only a trusted one.
   */
  async bySource(sourceKey: string, workerId: string | null = null, signal?: AbortSignal): Promise<{ sha256: string; bytes: number; trusted: boolean }> {
    const found = await moduleFor(this.db, sourceKey, workerId, signal);
    if (!found) throw new ErrandError('COORDINATOR__WASM_NOT_FOUND', 'no module for this source', { sourceKey });
    return found;
  }

  get storeKind(): BlobStore['kind'] {
    return this.blobs.kind;
  }

  async totalBytes(): Promise<number> {
    const { rows } = await this.db.query<{ total: number }>(`SELECT COALESCE(sum(size_bytes), 0)::float8 AS total FROM wasm_modules`);
    return Number(rows[0]?.total ?? 0);
  }

  private async touch(sha256: string, signal?: AbortSignal): Promise<boolean> {
    const { rowCount } = await this.db.query(`UPDATE wasm_modules SET last_used_at = clock_timestamp() WHERE sha256 = $1`, [sha256], { signal });
    return rowCount > 0;
  }

  /** Keeps the most recently used modules whose sizes add up to at most the budget. */
  async evict(): Promise<string[]> {
    const { rows } = await this.db.query<{ sha256: string }>(
      `WITH ranked AS (
         SELECT sha256, sum(size_bytes) OVER (ORDER BY last_used_at DESC, sha256 DESC) AS running FROM wasm_modules
       )
       DELETE FROM wasm_modules m USING ranked r WHERE m.sha256 = r.sha256 AND r.running > $1
       RETURNING m.sha256`,
      [this.limits.budgetBytes],
    );
    for (const { sha256 } of rows) {
      // The index row is gone first, so no reader is promised these bytes any more.
      await this.blobs.delete(sha256).catch((err) => this.log?.warn({ err, sha256 }, 'could not delete evicted blob'));
    }
    return rows.map((r) => r.sha256);
  }
}
