/**
 * Module bytes in Postgres, so every coordinator of a deployment serves every module (the default
 * when DATABASE_URL is set). A blob is written as 1 MiB chunk rows plus a header row, all in one
 * transaction (a reader sees all of it or nothing; two coordinators writing the same module both
 * succeed, the second writing nothing). It is read back one chunk per statement, so a 32 MiB
 * module never sits in one query result, and hashed on the way (verifiedChunks.ts).
 *
 * Not promised: a blob evicted while it is being read is reported as not found mid-stream.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { assertSha256Hex } from '../../common/types/index.ts';
import type { Db } from '../db/Db.ts';
import type { BlobStore } from './BlobStore.ts';
import { collect, verifiedChunks } from './verifiedChunks.ts';

export const PG_BLOB_CHUNK_BYTES = 1024 * 1024;

export class PgBlobStore implements BlobStore {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly db: Db,
    private readonly chunkBytes = PG_BLOB_CHUNK_BYTES,
  ) {}

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    assertSha256Hex(sha256);
    const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const chunks = Math.max(1, Math.ceil(data.length / this.chunkBytes));
    if (await this.has(sha256)) return; // content-addressed: the same name is the same bytes
    await this.db.transaction(async (tx) => {
      for (let seq = 0; seq < chunks; seq++) {
        const part = data.subarray(seq * this.chunkBytes, (seq + 1) * this.chunkBytes);
        await tx.query(`INSERT INTO wasm_blob_chunks (sha256, seq, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [sha256, seq, part]);
      }
      await tx.query(`INSERT INTO wasm_blobs (sha256, size_bytes, chunks) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [sha256, data.length, chunks]);
    });
  }

  private async has(sha256: string): Promise<boolean> {
    const { rowCount } = await this.db.query(`SELECT 1 FROM wasm_blobs WHERE sha256 = $1`, [sha256]);
    return rowCount > 0;
  }

  async open(sha256: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer> | null> {
    assertSha256Hex(sha256);
    const { rows } = await this.db.query<{ chunks: number }>(`SELECT chunks FROM wasm_blobs WHERE sha256 = $1`, [sha256], { signal });
    if (!rows[0]) return null;
    return verifiedChunks(sha256, 'postgres', this.chunks(sha256, rows[0].chunks, signal));
  }

  private async *chunks(sha256: string, count: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
    for (let seq = 0; seq < count; seq++) {
      const { rows } = await this.db.query<{ bytes: Buffer }>(`SELECT bytes FROM wasm_blob_chunks WHERE sha256 = $1 AND seq = $2`, [sha256, seq], {
        signal,
        prepareAs: 'errand_blob_chunk_v1',
      });
      if (!rows[0]) throw new ErrandError('COORDINATOR__WASM_NOT_FOUND', `module ${sha256} was evicted while it was read`, { sha256 });
      yield Buffer.from(rows[0].bytes);
    }
  }

  async get(sha256: string, signal?: AbortSignal): Promise<Buffer | null> {
    return collect(await this.open(sha256, signal));
  }

  /** Deletes the bytes unless the module was indexed again meanwhile (another coordinator
   * re-uploaded it after this one evicted it): the index row is what promises the bytes. */
  async delete(sha256: string): Promise<void> {
    assertSha256Hex(sha256);
    await this.db.query(
      `WITH gone AS (
         DELETE FROM wasm_blobs WHERE sha256 = $1 AND NOT EXISTS (SELECT 1 FROM wasm_modules WHERE sha256 = $1) RETURNING sha256
       )
       DELETE FROM wasm_blob_chunks WHERE sha256 IN (SELECT sha256 FROM gone)`,
      [sha256],
    );
  }
}
