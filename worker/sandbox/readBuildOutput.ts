/**
 * Reads one file a build left in its output directory, treating the directory as hostile: the
 * build chose what is there, and the worker reading it may be root. The file is opened with
 * O_NOFOLLOW (a planted symlink to /dev/zero, a host file or a host .wasm is refused, not
 * followed) and O_NONBLOCK (a planted fifo cannot hang the open); the opened descriptor must be a
 * regular file (fstat on the fd, not on the path), and at most `maxBytes` + 1 bytes are ever read
 * from it, so a file that grows while it is read is still refused. Both sandbox backends' outputs
 * are read through this one function. It does not validate the content: validateOutput does.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError } from '../../common/errors/index.ts';

export interface ReadOutputOptions {
  /** A plain file name inside the output directory (no separators). */
  file: string;
  maxBytes: number;
  /** The build target, for the error context. */
  target: string;
}

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY;

/** The file's bytes, or null when the build left no such file; throws WORKER__OUTPUT_INVALID / _TOO_LARGE. */
export async function readBuildOutput(outputDir: string, options: ReadOutputOptions): Promise<Uint8Array | null> {
  const { file, maxBytes, target } = options;
  const invalid = (reason: string): ErrandError =>
    new ErrandError('WORKER__OUTPUT_INVALID', `the build output ${file} was refused: ${reason}`, { target, reason });
  if (file.length === 0 || file.includes('/') || file === '.' || file === '..') throw invalid('not a plain file name');
  let handle;
  try {
    handle = await open(path.join(outputDir, file), FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw invalid('it is a symlink (outputs are read without following links)');
    throw invalid(`it cannot be opened (${code ?? String(err)})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw invalid('it is not a regular file');
    if (stat.size > maxBytes) throw tooLarge(stat.size, maxBytes);
    let buffer = Buffer.alloc(stat.size + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        // It grew after fstat: keep reading, but never hold more than maxBytes + 1.
        if (total > maxBytes) throw tooLarge(total, maxBytes);
        buffer = Buffer.concat([buffer, Buffer.alloc(Math.min(buffer.length, maxBytes + 1 - buffer.length))]);
      }
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > maxBytes) throw tooLarge(total, maxBytes);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, total);
  } finally {
    await handle.close();
  }
}

function tooLarge(bytes: number, limitBytes: number): ErrandError {
  return new ErrandError('WORKER__OUTPUT_TOO_LARGE', `the build output is at least ${bytes} bytes, over the ${limitBytes}-byte cap`, { bytes, limitBytes });
}
