/**
 * Module bytes as files: <dir>/<first two hex>/<sha256>.wasm, written to a temporary name and
 * renamed, so a reader never sees a partial file. Several coordinators need a shared directory
 * (or PgBlobStore); each coordinator's own temporary directory is right for one process only.
 */
import { createReadStream } from 'node:fs';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertSha256Hex } from '../../common/types/index.ts';
import type { BlobStore } from './BlobStore.ts';
import { collect, verifiedChunks } from './verifiedChunks.ts';

export class FileBlobStore implements BlobStore {
  readonly kind = 'file' as const;
  constructor(readonly dir: string) {}

  private file(sha256: string): string {
    assertSha256Hex(sha256);
    return path.join(this.dir, sha256.slice(0, 2), `${sha256}.wasm`);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(sha256);
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file);
  }

  async open(sha256: string, signal?: AbortSignal): Promise<AsyncIterable<Buffer> | null> {
    const file = this.file(sha256);
    try {
      await access(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return verifiedChunks(sha256, 'file', createReadStream(file, { highWaterMark: 1024 * 1024, signal }) as AsyncIterable<Buffer>);
  }

  async get(sha256: string, signal?: AbortSignal): Promise<Buffer | null> {
    try {
      return await collect(await this.open(sha256, signal));
    } catch (e) {
      // Deleted (evicted) between the check and the read.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.file(sha256), { force: true });
  }
}
