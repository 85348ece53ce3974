/** Test programs from tests/executor/programs, compiled once per machine into the tmp cache. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWasiFile } from '../../../bench/programs/compileWasi.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'programs');

export function program(name: string): Promise<Uint8Array> {
  return compileWasiFile(path.join(dir, name), { timeoutMs: 180_000 });
}
