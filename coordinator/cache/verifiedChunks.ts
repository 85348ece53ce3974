/**
 * Hashes a blob's chunks as they pass and fails at the end when they do not add up to the blob's
 * name: a damaged row or file is never served as a module. A consumer that streams to a client
 * has sent the bytes by then; it must abort that response (the worker checks the hash as well).
 */
import { createHash } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';

export async function* verifiedChunks(sha256: string, store: string, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = hash.digest('hex');
  if (actual !== sha256) {
    throw new ErrandError('COORDINATOR__BLOB_CORRUPT', `stored bytes of ${sha256} hash to ${actual}`, { sha256, actual, store });
  }
}

/** A stream collected into one buffer (checked by the stream itself). */
export async function collect(chunks: AsyncIterable<Buffer> | null): Promise<Buffer | null> {
  if (!chunks) return null;
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}
