/**
 * `npm run bench -- executor`: the cost of fuel metering on real CPU-bound programs, and the
 * warm-path latency. Each program (bench/programs, compiled once into a tmp cache) runs through
 * the same Executor metered and unmetered (the unmetered baseline skips instrumentation only);
 * after a warm-up run, the median of RUNS runs is compared. Then a trivial module runs many times
 * on the warm path (cached compile, warm thread) for the p50 of the end-to-end `run` latency.
 * Last line: `bench executor: geomean_ratio=R warm_run_p50_ms=T` (goals R <= 1.30, T <= 1.0).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Executor } from '../worker/executor/index.ts';
import { compileWasiFile } from './programs/compileWasi.ts';
import { TRIVIAL_COMMAND } from './programs/trivialCommand.ts';

const PROGRAMS = ['sha256.c', 'sieve.c', 'nbody.c', 'json.rs'];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_RUNS = 2000;
const LIMITS = { fuel: Number.MAX_SAFE_INTEGER, memoryMb: 512, timeoutMs: 120_000 };
const programsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programs');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeRuns(executor: Executor, wasm: Uint8Array, unmetered: boolean): Promise<{ ms: number; fuel: number; stdout: string }> {
  const times: number[] = [];
  let last = await executor.run(wasm, { ...LIMITS, unmetered }); // warm-up: compile + tier-up
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    last = await executor.run(wasm, { ...LIMITS, unmetered });
    times.push(performance.now() - started);
    if (last.status !== 'ok') throw new Error(`benchmark program failed: ${last.status} ${last.error?.message ?? ''}`);
  }
  return { ms: median(times), fuel: last.fuelUsed, stdout: last.stdout.trim().replace(/\n/g, ' ') };
}

export async function main(): Promise<void> {
  const executor = new Executor({ threads: 1 });
  try {
    const ratios: number[] = [];
    for (const name of PROGRAMS) {
      const wasm = await compileWasiFile(path.join(programsDir, name));
      const metered = await timeRuns(executor, wasm, false);
      const unmetered = await timeRuns(executor, wasm, true);
      if (metered.stdout !== unmetered.stdout) throw new Error(`${name}: metered output differs from unmetered`);
      const ratio = metered.ms / unmetered.ms;
      ratios.push(ratio);
      console.log(
        `${name.padEnd(10)} metered_ms=${metered.ms.toFixed(1)} unmetered_ms=${unmetered.ms.toFixed(1)} ratio=${ratio.toFixed(3)} fuel=${metered.fuel} out=${metered.stdout.slice(0, 40)}`,
      );
    }
    const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);

    const warm: number[] = [];
    const trivial = { fuel: 1_000_000, memoryMb: 16, timeoutMs: 5_000 };
    for (let i = 0; i < 50; i++) await executor.run(TRIVIAL_COMMAND, trivial);
    for (let i = 0; i < WARM_RUNS; i++) {
      const started = performance.now();
      await executor.run(TRIVIAL_COMMAND, trivial);
      warm.push(performance.now() - started);
    }
    console.log(`warm trivial run: p50=${median(warm).toFixed(3)} ms over ${WARM_RUNS} runs`);
    console.log(`bench executor: geomean_ratio=${geomean.toFixed(3)} warm_run_p50_ms=${median(warm).toFixed(3)}`);
  } finally {
    await executor.close();
  }
}
