/**
 * Build time per target through the real compile path (sandbox, validation, hashing), one example
 * each, built one after another so they do not compete for the CPU. Each example is built in the
 * bwrap backend and, when a Docker engine with the compiler image answers, in the Docker backend too:
 *   `bench compile: TARGET bwrap_ms=A docker_ms=B same_sha256=yes|no`   (one line per example)
 * Without an engine, docker_ms=unavailable and same_sha256=n/a (run docker/test-engine.sh first).
 * js-component reports same_sha256=no: componentize-js (wizer's snapshot) gives a different module on
 * every run, in either backend; the C, Rust and AssemblyScript builds are reproducible across both.
 * Last line: `bench compile: c_ms=.. rust_ms=.. assemblyscript_ms=.. js_component_ms=.. c_to_p2_ms=..` (bwrap).
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildTarget } from '../common/types/index.ts';
import { compileSource, createSandbox, type CompileResult } from '../worker/compile/index.ts';
import { DockerSandbox } from '../worker/sandbox/index.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples');

const CASES: Array<{ key: string; example: string; target?: BuildTarget }> = [
  { key: 'c_ms', example: 'c-compute' },
  { key: 'rust_ms', example: 'rust-json' },
  { key: 'assemblyscript_ms', example: 'assemblyscript-hello' },
  { key: 'js_component_ms', example: 'js-component' },
  { key: 'c_to_p2_ms', example: 'c-compute', target: 'wasm32-wasip2' },
];

async function dockerIfAvailable(): Promise<DockerSandbox | string> {
  const docker = new DockerSandbox({ image: process.env.ERRAND_COMPILER_IMAGE });
  try {
    await docker.ping(3000);
    await docker.sweep();
    return docker;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

export async function main(): Promise<void> {
  const bwrap = createSandbox('bwrap');
  const docker = await dockerIfAvailable();
  if (typeof docker === 'string') console.log(`compile bench: docker backend unavailable (${docker}); run docker/test-engine.sh`);
  const figures: string[] = [];
  console.log(
    `compile bench: load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} CPUs`,
  );
  for (const c of CASES) {
    const build = (sandbox: typeof bwrap): Promise<CompileResult> =>
      compileSource(
        { kind: 'dir', path: path.join(examples, c.example), ...(c.target ? { target: c.target } : {}) },
        { sandbox, workDir: os.tmpdir(), timeoutMs: 600_000 },
      );
    const result = await build(bwrap);
    console.log(`  ${c.example} -> ${result.target}: ${result.buildMs} ms, ${result.wasm.byteLength} bytes, sha256 ${result.sha256.slice(0, 16)}...`);
    figures.push(`${c.key}=${result.buildMs}`);
    let dockerMs = 'unavailable';
    let same = 'n/a';
    if (typeof docker !== 'string') {
      const inDocker = await build(docker);
      dockerMs = String(inDocker.buildMs);
      same = inDocker.sha256 === result.sha256 ? 'yes' : 'no';
    }
    console.log(`bench compile: ${c.example}${c.target ? `@${c.target}` : ''} bwrap_ms=${result.buildMs} docker_ms=${dockerMs} same_sha256=${same}`);
  }
  console.log(`bench compile: ${figures.join(' ')}`);
}
