/**
 * Build time per target through the real compile path (bwrap sandbox, validation, hashing), one
 * example each, built one after another so they do not compete for the CPU.
 * Last line: `bench compile: c_ms=.. rust_ms=.. assemblyscript_ms=.. js_component_ms=.. c_to_p2_ms=..`.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildTarget } from '../common/types/index.ts';
import { compileSource, createSandbox } from '../worker/compile/index.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');

const CASES: Array<{ key: string; example: string; target?: BuildTarget }> = [
  { key: 'c_ms', example: 'c-compute' },
  { key: 'rust_ms', example: 'rust-json' },
  { key: 'assemblyscript_ms', example: 'assemblyscript-hello' },
  { key: 'js_component_ms', example: 'js-component' },
  { key: 'c_to_p2_ms', example: 'c-compute', target: 'wasm32-wasip2' },
];

export async function main(): Promise<void> {
  const sandbox = createSandbox('bwrap');
  const figures: string[] = [];
  console.log(`compile bench: load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
  for (const c of CASES) {
    const result = await compileSource(
      { kind: 'dir', path: path.join(examples, c.example), ...(c.target ? { target: c.target } : {}) },
      { sandbox, workDir: os.tmpdir(), timeoutMs: 600_000 },
    );
    console.log(`  ${c.example} -> ${result.target}: ${result.buildMs} ms, ${result.wasm.byteLength} bytes, sha256 ${result.sha256.slice(0, 16)}...`);
    figures.push(`${c.key}=${result.buildMs}`);
  }
  console.log(`bench compile: ${figures.join(' ')}`);
}
