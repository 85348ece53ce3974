/** The program the http end-to-end tests run (NEAR: http.test.ts, Solana: solanaHttp.test.ts). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitRepoWith } from '../worker/loop/helpers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** examples/c-http with its header inlined (one file to build), as a local git repo's URL. */
export function httpProgramRepo(): string {
  const dir = path.join(here, '..', '..', 'examples', 'c-http');
  const header = readFileSync(path.join(dir, 'errand_http.h'), 'utf8');
  const source = readFileSync(path.join(dir, 'main.c'), 'utf8').replace('#include "errand_http.h"', header);
  return gitRepoWith({ 'main.c': source }).url;
}

/** Runs `verify(argv)` in-process, with what it printed on stdout. */
export async function captureStdout(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    const code = await run();
    return { code, out: lines.join('') };
  } finally {
    process.stdout.write = write;
  }
}
