/** Reads a raw (non-JSON) request body up to `limit` bytes; over it, drains the rest and throws `tooLarge(bytes)`. */
import type { Request } from 'express';

export async function readRawBody(req: Request, limit: number, tooLarge: (bytes: number) => Error): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume(); // drain so the connection can answer
    throw tooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw tooLarge(size);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
