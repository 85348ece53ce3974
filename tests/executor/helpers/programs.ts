/**
 * Test programs compiled once per machine into the tmp cache (bench/programs/compileWasi.ts):
 * `program` for the ones in tests/executor/programs, `benchProgram` for the benchmark programs in
 * bench/programs, which take an optional problem size in argv[1] so tests can run them small.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWasiFile } from '../../../bench/programs/compileWasi.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const testProgramsDir = path.join(here, '..', 'programs');
const benchProgramsDir = path.join(here, '..', '..', '..', 'bench', 'programs');

export function program(name: string): Promise<Uint8Array> {
  return compileWasiFile(path.join(testProgramsDir, name), { timeoutMs: 180_000 });
}

export function benchProgram(name: string): Promise<Uint8Array> {
  return compileWasiFile(path.join(benchProgramsDir, name), { timeoutMs: 180_000 });
}
