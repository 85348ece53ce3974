/**
 * `npm run bench -- executor`: the cost of fuel metering on real CPU-bound programs, and the
 * warm-path latency. Each program (bench/programs, compiled once into a tmp cache) runs through
 * the same Executor metered and unmetered (the unmetered baseline skips instrumentation only);
 * after a warm-up of each, RUNS interleaved pairs are run and the fastest of each side compared. Then a trivial module runs many times
 * on the warm path (cached compile, warm thread) for the p50 of the end-to-end `run` latency.
 * Host calls are metered (instrument/costModel.ts) in every metered run.
 * Then cold preparation: the time from a large Rust program's bytes (bench/programs/large.rs, over
 * 1 MB of WebAssembly) to its first instruction when the executor has not seen them (warm
 * threads, cache miss), metered (instrument + compile in the preparation thread) against V8
 * unmetered (compile only), fastest of COLD_RUNS each:
 * `bench executor-cold: size_kb=N metered_ms=A unmetered_ms=B ratio=R`.
 * Last line: `bench executor: geomean_ratio=R warm_run_p50_ms=T` (goals R <= 1.15, T <= 1.0).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Executor } from '../worker/executor/index.ts';
import { compileWasiFile } from './programs/compileWasi.ts';
import { TRIVIAL_COMMAND } from './programs/trivialCommand.ts';

const PROGRAMS = ['sha256.c', 'sieve.c', 'nbody.c', 'json.rs'];
const COLD_PROGRAM = 'large.rs';
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARM_RUNS = 2000;
const LIMITS = { fuel: Number.MAX_SAFE_INTEGER, memoryMb: 512, timeoutMs: 120_000 };
const programsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programs');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Timed {
  ms: number;
  fuel: number;
  stdout: string;
}

async function runOnce(executor: Executor, wasm: Uint8Array, unmetered: boolean): Promise<{ ms: number; fuel: number; stdout: string }> {
  const started = performance.now();
  const r = await executor.run(wasm, { ...LIMITS, unmetered });
  const ms = performance.now() - started;
  if (r.status !== 'ok') throw new Error(`benchmark program failed: ${r.status} ${r.error?.message ?? ''}`);
  return { ms, fuel: r.fuelUsed, stdout: r.stdout.trim().replace(/\n/g, ' ') };
}

/**
 * Metered and unmetered runs alternate (after a warm-up of each), so a burst of load from other
 * processes hits both alike; each side's fastest run is its least disturbed one, and those are
 * compared. On an idle machine this equals comparing medians.
 */
async function timePair(executor: Executor, wasm: Uint8Array): Promise<{ metered: Timed; unmetered: Timed }> {
  await runOnce(executor, wasm, false);
  await runOnce(executor, wasm, true);
  let metered: Timed | undefined;
  let unmetered: Timed | undefined;
  for (let i = 0; i < RUNS; i++) {
    const m = await runOnce(executor, wasm, false);
    const u = await runOnce(executor, wasm, true);
    if (!metered || m.ms < metered.ms) metered = m;
    if (!unmetered || u.ms < unmetered.ms) unmetered = u;
  }
  return { metered: metered!, unmetered: unmetered! };
}

/**
 * `wasm` with a `name` section naming the module `nonceN` appended: new bytes for the executor's
 * cache and for V8's own cache of compiled modules (metering keeps the name section), the same
 * program. The program must have no name section of its own (large.rs is built stripped).
 */
function withNonce(wasm: Uint8Array, nonce: number): Uint8Array {
  const name = new TextEncoder().encode(`nonce${nonce}`);
  const sub = [0, name.length + 1, name.length, ...name]; // subsection 0: the module's name
  const payload = [4, ...new TextEncoder().encode('name'), ...sub];
  const out = new Uint8Array(wasm.length + 2 + payload.length);
  out.set(wasm);
  out.set([0, payload.length, ...payload], wasm.length);
  return out;
}

/**
 * Bytes to first instruction of a module the executor has not seen (cold cache, warm threads).
 * V8 compiles lazily, so a run that stopped at its first instruction would leave the unmetered
 * side's compilation half done; both sides instead run the program with argv[1] = 0, which makes
 * its own work empty: the time is preparation (instrument + compile, or compile) + instantiation +
 * the runtime's start-up code, metered against unmetered. Each sample's bytes differ by their name
 * section, so every sample misses the executor's and V8's caches; one unmeasured sample of each
 * warms the threads' code.
 */
async function coldLine(): Promise<string> {
  // Compiled once per machine (cached): rustc takes minutes for it on a loaded 2-core machine.
  const wasm = await compileWasiFile(path.join(programsDir, COLD_PROGRAM), { timeoutMs: 20 * 60_000 });
  const executor = new Executor({ threads: 1 });
  let nonce = 0;
  const sample = async (unmetered: boolean): Promise<number> => {
    const started = performance.now();
    const r = await executor.run(withNonce(wasm, nonce++), { ...LIMITS, args: ['0'], unmetered });
    const ms = performance.now() - started;
    if (r.status !== 'ok') throw new Error(`cold run: ${r.status} ${r.error?.message ?? ''}`);
    return ms;
  };
  try {
    await sample(false);
    await sample(true);
    let metered = Infinity;
    let unmetered = Infinity;
    for (let i = 0; i < COLD_RUNS; i++) {
      metered = Math.min(metered, await sample(false));
      unmetered = Math.min(unmetered, await sample(true));
    }
    return `bench executor-cold: size_kb=${Math.round(wasm.length / 1024)} metered_ms=${metered.toFixed(1)} unmetered_ms=${unmetered.toFixed(1)} ratio=${(metered / unmetered).toFixed(2)}`;
  } finally {
    await executor.close();
  }
}

export async function main(): Promise<void> {
  if (process.env.BENCH_EXECUTOR_ONLY_COLD) {
    console.log(await coldLine());
    return;
  }
  const executor = new Executor({ threads: 1 });
  try {
    console.log(`method: ${RUNS} interleaved metered/unmetered pairs per program, fastest of each side compared`);
    const ratios: number[] = [];
    for (const name of PROGRAMS) {
      const wasm = await compileWasiFile(path.join(programsDir, name));
      const { metered, unmetered } = await timePair(executor, wasm);
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
    console.log(await coldLine());
    console.log(`bench executor: geomean_ratio=${geomean.toFixed(3)} warm_run_p50_ms=${median(warm).toFixed(3)}`);
  } finally {
    await executor.close();
  }
}
