/**
 * `npm run bench -- http`: outbound HTTP through the executor. A preview 1 program makes 100 small
 * GET requests (errand_http) to a local server (development mode, keep-alive off as in
 * production: one fresh connection per exchange). Runs alternate between the normal path
 * (every exchange redacted and recorded in the transcript, hash computed) and a baseline that
 * performs the same exchanges without recording (HttpHostOptions.unrecorded); the medians of RUNS
 * interleaved runs of each side are compared (the machine is shared: interleaving spreads load alike).
 * Last line: `bench http: exchanges_per_s=N record_overhead_ratio=R` (exchanges per second of the
 * recorded run; recorded time / unrecorded time).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Executor } from '../worker/executor/index.ts';
import { httpGuest } from '../tests/executor/helpers/httpGuest.ts';

const EXCHANGES = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LIMITS = { fuel: 10_000_000_000, memoryMb: 64, timeoutMs: 120_000 };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function timeRun(executor: Executor, wasm: Uint8Array, allow: string): Promise<number> {
  const started = performance.now();
  const r = await executor.run(wasm, { ...LIMITS, http: { allow: [allow], maxRequests: EXCHANGES, maxResponseBytes: 1 << 20 } });
  const ms = performance.now() - started;
  if (r.status !== 'ok' || r.stdout.split('\n').filter((l) => l === 'ok').length !== EXCHANGES) {
    throw new Error(`benchmark program failed: ${r.status} ${r.error?.message ?? ''} ${r.stdout.slice(0, 200)}`);
  }
  return ms;
}

export async function main(): Promise<void> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const recorded = new Executor({ threads: 1, http: { devMode: true } });
  const baseline = new Executor({ threads: 1, http: { devMode: true, unrecorded: true } });
  try {
    const wasm = await httpGuest(Array.from({ length: EXCHANGES }, (_, i) => ({ url: `http://127.0.0.1:${port}/p/${i}` })));
    const allow = `127.0.0.1:${port}`;
    await timeRun(recorded, wasm, allow);
    await timeRun(baseline, wasm, allow);
    const recs: number[] = [];
    const bases: number[] = [];
    // Which side goes first alternates: the second run of a pair meets the first one's closing sockets.
    for (let i = 0; i < RUNS; i++) {
      if (i % 2 === 0) recs.push(await timeRun(recorded, wasm, allow));
      bases.push(await timeRun(baseline, wasm, allow));
      if (i % 2 === 1) recs.push(await timeRun(recorded, wasm, allow));
    }
    const rec = median(recs);
    const base = median(bases);
    console.log(`http: ${EXCHANGES} exchanges recorded ${rec.toFixed(1)} ms, unrecorded ${base.toFixed(1)} ms (median of ${RUNS} interleaved runs each)`);
    console.log(`bench http: exchanges_per_s=${Math.round((EXCHANGES * 1000) / rec)} record_overhead_ratio=${(rec / base).toFixed(3)}`);
  } finally {
    await Promise.all([recorded.close(), baseline.close()]);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
