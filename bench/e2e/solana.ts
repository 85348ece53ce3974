/**
 * `npm run bench -- e2e -- --chain solana`: the e2e bench on the local Solana (startDevStack with
 * chains ['solana']: LiteSVM running the real program behind JSON-RPC + PubSub, 10 ms slots, in a
 * thread of its own; the coordinator watching it, two staked workers, the trivial cached module as
 * a wasm_url source, so every claim is `[execute]`).
 *
 * Latency definition, per request: from the moment the request's transaction became FINALIZED
 * (the local chain produced the slot 32 slots after the one it landed in: the earliest a watcher
 * that reads only finalized transactions may see it; the chain's own 32 slots before that are
 * printed separately) to the moment the worker's `resolve_execution` transaction was EXECUTED by
 * the chain (LiteSVM runs a transaction when sendTransaction receives it, so this is also when it
 * was accepted). Both are stamped on this process's wall clock by the chain's own hooks. One
 * request at a time, after warm-up. Throughput: closed-loop requesters in a thread of their own for
 * the window; requests_per_s = resolve transactions executed in the window / its length.
 * A bound to read it by: each requester waits at least the 32 slots to finality (about 330 ms of
 * 10 ms slots) plus its own send and the pipeline per request, so REQUESTERS closed-loop
 * requesters cannot settle more than REQUESTERS / ~0.35 s (64: about 180/s) however fast Errand
 * is. So the default is 128 (a bound of about 360/s: Little's law, ~0.35 s x 200/s = 70 requests
 * in flight are needed to offer 200/s at all); BENCH_E2E_REQUESTERS changes the offered load
 * without changing what is measured (measured here: 64 gave 155.7/s, 128 gave 226.1/s).
 * Last line: `bench e2e: event_to_resolve_p50_ms=A p95_ms=B requests_per_s=C`.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keypair, LAMPORTS_PER_SOL } from '@solana/web3.js';
import { startDevStack } from '../../cli/dev/startDevStack.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { createLogger } from '../../common/logger.ts';
import { ERRAND_IDL, type Limits, type Source } from '../../contracts/solana/client/index.ts';
import { FINALIZED_DEPTH } from '../../contracts/solana/local/index.ts';
import { TRIVIAL_COMMAND } from '../programs/trivialCommand.ts';
import { runLoadThread } from './runLoad.ts';
import type { SolanaLoadSpec } from './solanaLoadThreadMain.ts';
import { fmt, loadAverage, pct, percentile, serveModule, wallMs } from './stats.ts';

const LATENCY_WARMUP = 5;
const LATENCY_SAMPLES = Number(process.env.BENCH_E2E_SAMPLES ?? 60);
const WINDOW_MS = Number(process.env.BENCH_E2E_WINDOW_MS ?? 30_000);
const REQUESTERS = Number(process.env.BENCH_E2E_REQUESTERS ?? 128);
const REQUESTER_KEYS = 8;
/** An event's discriminator as the IDL gives it, in hex. */
const discriminator = (name: string): string => Buffer.from(ERRAND_IDL.events!.find((e) => e.name === name)!.discriminator).toString('hex');
const REQUESTED = discriminator('ExecutionRequested');
const RESOLVED = discriminator('ExecutionResolved');
const DATA = 'Program data: ';
const LIMITS: Limits = { maxInstructions: 1_000_000n, maxMemoryMb: 16n, maxExecutionMs: 2_000n, maxCompileMs: 60_000n };

export async function runSolanaE2e(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'errand-bench-e2e-'));
  const log = createLogger({ service: 'bench-e2e' });
  if (!process.env.LOG_LEVEL) log.level = 'warn';
  const module = await serveModule();
  // The workers' steps, for the breakdown: when a worker claimed the request, and when its resolve
  // was confirmed (the worker's lane is busy until then).
  const claimedAt = new Map<string, number>();
  const confirmedAt = new Map<string, number>();
  const stack = await startDevStack({
    dataDir,
    chains: ['solana'],
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    coordinatorPort: 0,
    workers: 2,
    log,
    observeChain: true,
    onStep: (step, detail) => {
      if (step === 'claimed') claimedAt.set(String(detail['requestId']), wallMs());
      if (step === 'resolved') confirmedAt.set(String(detail['requestId']), wallMs());
    },
  });
  try {
    const sol = stack.solana!;
    const programId = sol.programId;
    // The chain's hooks: when each slot was produced, where each request landed, when its resolve ran.
    const slotAt = new Map<number, number>();
    const landedSlot = new Map<string, number>();
    const resolvedAt = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    // Stamped in the chain's thread (same wall clock), forwarded with the chain started observed.
    sol.local.onSlot((slot, atMs) => slotAt.set(slot, atMs));
    // Only the events' discriminators and request ids are read (both events begin with the request
    // PDA, then its id): this runs in the coordinator's thread, and decoding whole events through
    // Anchor was a visible share of it.
    sol.local.onTransaction((r) => {
      for (const line of r.logs) {
        if (!line.startsWith(DATA)) continue;
        const data = Buffer.from(line.slice(DATA.length), 'base64');
        if (data.length < 48) continue;
        const kind = data.toString('hex', 0, 8);
        const id = data.readBigUInt64LE(40).toString();
        if (kind === REQUESTED) landedSlot.set(id, r.slot);
        if (kind === RESOLVED && !resolvedAt.has(id)) {
          resolvedAt.set(id, r.atMs);
          waiters.get(id)?.();
        }
      }
    });
    const finalAt = (id: string): number | undefined => {
      const s = landedSlot.get(id);
      return s === undefined ? undefined : slotAt.get(s + FINALIZED_DEPTH);
    };

    const sha256 = createHash('sha256').update(TRIVIAL_COMMAND).digest();
    const admin = new CoordinatorClient({ baseUrl: stack.coordinator.url, token: stack.coordinator.adminToken });
    const seeder = await admin.registerWorker({ workerId: 'bench-seeder' });
    await admin.withToken(seeder.token).uploadWasm(sha256.toString('hex'), TRIVIAL_COMMAND);
    const source: Source = { kind: 'wasm_url', url: module.url, sha256 };
    const keys = Array.from({ length: REQUESTER_KEYS }, () => Keypair.generate());
    for (const k of keys) await sol.local.fund(k.publicKey, BigInt(100_000 * LAMPORTS_PER_SOL));

    // Latency: one request at a time.
    const client = sol.client(keys[0]!);
    const sequential: string[] = [];
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_SAMPLES; i++) {
      const sent = await client.requestExecution({ source, input: { kind: 'inline', data: Buffer.from(`seq-${i}`) }, limits: LIMITS });
      const id = sent.requestId.toString();
      if (!resolvedAt.has(id)) await new Promise<void>((resolve) => waiters.set(id, resolve));
      waiters.delete(id);
      if (i >= LATENCY_WARMUP) sequential.push(id);
    }
    const latency = sequential.flatMap((id) => (finalAt(id) !== undefined ? [resolvedAt.get(id)! - finalAt(id)!] : []));
    const between = (ids: string[], from: (id: string) => number | undefined, to: (id: string) => number | undefined): number[] =>
      ids.flatMap((id) => {
        const a = from(id);
        const b = to(id);
        return a !== undefined && b !== undefined ? [b - a] : [];
      });
    const toClaim = between(sequential, finalAt, (id) => claimedAt.get(id));
    const claimToResolve = between(
      sequential,
      (id) => claimedAt.get(id),
      (id) => resolvedAt.get(id),
    );
    const resolveToConfirmed = between(
      sequential,
      (id) => resolvedAt.get(id),
      (id) => confirmedAt.get(id),
    );
    const landToFinal = sequential.flatMap((id) => (finalAt(id) !== undefined ? [finalAt(id)! - slotAt.get(landedSlot.get(id)!)!] : []));
    const loadAfterLatency = await loadAverage();

    // Throughput: closed-loop requesters for the window, in a thread of their own.
    const resolvedBefore = new Set(resolvedAt.keys());
    const cpuBefore = process.cpuUsage();
    const busyBefore = performance.eventLoopUtilization();
    const chainBusyBefore = sol.local.eventLoopUtilization();
    const spec: SolanaLoadSpec = {
      rpcUrl: sol.local.url,
      wsUrl: sol.local.wsUrl,
      programId,
      keys: keys.map((k) => [...k.secretKey]),
      requesters: REQUESTERS,
      windowMs: WINDOW_MS,
      source,
      limits: LIMITS,
    };
    const load = await runLoadThread(new URL('./solanaLoadThreadMain.ts', import.meta.url), spec);
    const cpu = process.cpuUsage(cpuBefore);
    const busy = performance.eventLoopUtilization(busyBefore).utilization;
    const chainBusy = sol.local.eventLoopUtilization(chainBusyBefore).utilization;
    const windowEnd = load.windowStartMs + WINDOW_MS;
    if (load.firstFailure) log.warn({ failures: load.failures, first: load.firstFailure }, 'bench e2e: requests failed');
    const inWindow = [...resolvedAt].filter(([id, at]) => !resolvedBefore.has(id) && at >= load.windowStartMs && at < windowEnd).length;
    const perSecond = inWindow / (WINDOW_MS / 1000);
    const loadedToClaim = between(load.requestIds, finalAt, (id) => claimedAt.get(id));
    const loaded = load.requestIds.flatMap((id) => (finalAt(id) !== undefined && resolvedAt.has(id) ? [resolvedAt.get(id)! - finalAt(id)!] : []));

    console.log(
      `e2e bench: local Solana (LiteSVM, 10 ms slots, finalized = +${FINALIZED_DEPTH} slots), db=${process.env.DATABASE_URL ? 'postgres' : 'pglite'} wake=${process.env.REDIS_URL ? 'redis' : 'in-process'}, 2 workers, trivial cached module`,
    );
    console.log('latency definition: request transaction finalized (its slot + 32 produced) -> resolve_execution executed by the chain (same wall clock)');
    console.log(
      `latency, one at a time (${latency.length} requests): p50 ${fmt(percentile(latency, 50))} ms  p95 ${fmt(percentile(latency, 95))} ms  max ${fmt(Math.max(...latency))} ms  [load average ${loadAfterLatency}]`,
    );
    console.log(
      `  finalized -> claimed p50 ${fmt(percentile(toClaim, 50))} ms, claimed -> resolve executed p50 ${fmt(percentile(claimToResolve, 50))} ms (then the worker waits ${fmt(percentile(resolveToConfirmed, 50))} ms p50 for confirmed)`,
    );
    console.log(`  before that, landing -> finalized (the chain's 32 slots): p50 ${fmt(percentile(landToFinal, 50))} ms`);
    console.log(
      `throughput: ${REQUESTERS} closed-loop requesters (own thread), ${WINDOW_MS / 1000} s: ${inWindow} resolves executed = ${fmt(perSecond)}/s; ${load.failures} requests failed  [load average ${await loadAverage()}]`,
    );
    console.log(
      `  CPU of this process (all threads): ${fmt((cpu.user + cpu.system) / 1000 / Math.max(1, load.requestIds.length))} ms per request; event loops busy: coordinator ${pct(busy)}, chain ${pct(chainBusy)}, requesters ${pct(load.busy)}`,
    );
    console.log(
      `latency under that load (${loaded.length} requests): p50 ${fmt(percentile(loaded, 50))} ms  p95 ${fmt(percentile(loaded, 95))} ms; of it finalized -> claimed p50 ${fmt(percentile(loadedToClaim, 50))} ms`,
    );
    console.log(`bench e2e: event_to_resolve_p50_ms=${fmt(percentile(latency, 50))} p95_ms=${fmt(percentile(latency, 95))} requests_per_s=${fmt(perSecond)}`);
  } finally {
    await stack.close();
    await module.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
