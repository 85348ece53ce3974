/**
 * Module bytes as files: <dir>/<first two hex>/<sha256>.wasm, written to a temporary name and
 * renamed, so a reader never sees a partial file. Several coordinators need a shared directory.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { assertSha256Hex } from '../../common/types/index.ts';
import type { BlobStore } from './BlobStore.ts';

export class FileBlobStore implements BlobStore {
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

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(sha256));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.file(sha256), { force: true });
  }
}
