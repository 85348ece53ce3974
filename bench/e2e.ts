/**
 * End-to-end benchmark on the whole dev stack (startDevStack: the local NEAR chain running the real
 * contract, the coordinator watching it — on DATABASE_URL / REDIS_URL when set, else PGlite —, the
 * keystore, two staked workers with the real executor), for a cached module and a trivial program
 * (the hand-assembled empty WASI command, a wasm_url source whose module is in the coordinator's
 * cache, so every claim is `[execute]`).
 *
 * Latency definition, per request: from the TIMESTAMP OF THE BLOCK whose receipt logged the
 * `execution_requested` event (the local chain stamps each block with the wall clock when it starts
 * producing it) to the moment the worker's `resolve_execution` transaction for that request is
 * ACCEPTED INTO THE CHAIN'S MEMPOOL (send_tx received and validated; Chain.onTxSubmitted). Both are
 * stamped in the chain's thread (the local chain runs in a thread of its own), on its wall clock.
 * Measured with one request at a time (nothing queues), after warm-up.
 * Throughput: REQUESTERS closed-loop requesters (each sends request_execution and waits for its
 * result, then sends the next) for 30 s, in a thread of their own (the dApps' signing and RPC
 * traffic is not Errand's work); requests_per_s = resolve transactions submitted during the window
 * / window length. The latency under that load is printed too (not the headline), and the CPU
 * time the process spent per request (all its threads; Postgres and Redis are other processes).
 * Last line: `bench e2e: event_to_resolve_p50_ms=A p95_ms=B requests_per_s=C`.
 * `-- --chain solana`: the same on the local Solana (bench/e2e/solana.ts, latency defined there).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDevStack, type DevStack } from '../cli/dev/startDevStack.ts';
import { CoordinatorClient } from '../coordinator/client/CoordinatorClient.ts';
import { parseErrandEvent } from '../contracts/near/client/events.ts';
import { createLogger } from '../common/logger.ts';
import { parseSha256Hex, type ResourceLimits } from '../common/types/index.ts';
import { TRIVIAL_COMMAND } from './programs/trivialCommand.ts';
import { requestOnce } from './e2e/requestOnce.ts';
import { runLoad } from './e2e/runLoad.ts';
import { fmt, loadAverage, pct, percentile, serveModule, wallMs } from './e2e/stats.ts';
import { runSolanaE2e } from './e2e/solana.ts';

const LATENCY_WARMUP = 5;
const LATENCY_SAMPLES = Number(process.env.BENCH_E2E_SAMPLES ?? 60);
const WINDOW_MS = Number(process.env.BENCH_E2E_WINDOW_MS ?? 30_000);
const REQUESTERS = Number(process.env.BENCH_E2E_REQUESTERS ?? 64);
const REQUESTER_ACCOUNTS = 8;
const LIMITS: ResourceLimits = { maxInstructions: 1_000_000, maxMemoryMb: 16, maxExecutionMs: 2_000, maxCompileMs: 60_000 };
const NEAR = 10n ** 24n;

/** Times each request's event block and resolve submission, by request id. */
class Timeline {
  readonly eventAt = new Map<string, number>();
  readonly resolveAt = new Map<string, number>();
  readonly claimedAt = new Map<string, number>();

  /** The workers' `claimed` step (for the breakdown: event -> claim, claim -> resolve submitted). */
  onStep(step: string, detail: Record<string, unknown>): void {
    if (step === 'claimed') this.claimedAt.set(String(detail['requestId']), wallMs());
  }

  attach(stack: DevStack): void {
    const near = stack.chain.near;
    const contractId = stack.chain.contractId;
    near.onBlock((block) => {
      for (const r of block.receipts) {
        if (r.receiverId !== contractId) continue;
        for (const log of r.logs) {
          const ev = parseErrandEvent(log);
          if (ev?.event === 'execution_requested') this.eventAt.set(String(ev.data['request_id']), block.timestampMs);
        }
      }
    });
    near.onTxSubmitted((tx) => {
      for (const call of tx.functionCalls) {
        if (call.methodName !== 'resolve_execution') continue;
        const id = String((JSON.parse(Buffer.from(call.args).toString('utf8')) as { request_id: number }).request_id);
        if (!this.resolveAt.has(id)) this.resolveAt.set(id, tx.atMs);
      }
    });
  }

  latencies(ids: Iterable<string>, from = this.eventAt, to = this.resolveAt): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const a = from.get(id);
      const b = to.get(id);
      if (a !== undefined && b !== undefined) out.push(b - a);
    }
    return out;
  }
}

export async function main(args: string[] = []): Promise<void> {
  const chain = args[args.indexOf('--chain') + 1];
  if (args.includes('--chain') && chain !== 'near') {
    if (chain !== 'solana') throw new Error(`bench e2e: --chain must be near or solana, not ${String(chain)}`);
    return runSolanaE2e();
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'errand-bench-e2e-'));
  const log = createLogger({ service: 'bench-e2e' });
  if (!process.env.LOG_LEVEL) log.level = 'warn';
  const module = await serveModule();
  const timeline = new Timeline();
  const stack = await startDevStack({
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    coordinatorPort: 0,
    workers: 2,
    log,
    observeChain: true,
    onStep: (step, detail) => timeline.onStep(step, detail),
  });
  try {
    timeline.attach(stack);
    const sha256 = parseSha256Hex(createHash('sha256').update(TRIVIAL_COMMAND).digest('hex'));
    const admin = new CoordinatorClient({ baseUrl: stack.coordinator.url, token: stack.coordinator.adminToken });
    const seeder = await admin.registerWorker({ workerId: 'bench-seeder' });
    await admin.withToken(seeder.token).uploadWasm(sha256, TRIVIAL_COMMAND);

    const requesterIds = Array.from({ length: REQUESTER_ACCOUNTS }, (_, i) => `requester${i + 1}.local`);
    for (const id of requesterIds) await stack.chain.near.createAccount(id, 100_000n * NEAR);
    const requesters = requesterIds.map((id) => stack.chain.clientFor(id));
    // Inputs here are at most a few dozen bytes; the contract refunds whatever is not used.
    const deposit = await requesters[0]!.estimateCost(LIMITS, undefined, { inputBytes: 64 });
    const args = (input: string) => ({
      source: { kind: 'wasm_url', url: module.url, sha256 },
      input,
      resource_limits: {
        max_instructions: LIMITS.maxInstructions,
        max_memory_mb: LIMITS.maxMemoryMb,
        max_execution_ms: LIMITS.maxExecutionMs,
        max_compile_ms: LIMITS.maxCompileMs,
      },
    });

    // Latency: one request at a time.
    const sequential: string[] = [];
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_SAMPLES; i++) {
      const id = await requestOnce(requesters[i % REQUESTER_ACCOUNTS]!, args(`seq-${i}`), deposit);
      if (i >= LATENCY_WARMUP) sequential.push(id);
    }
    const latency = timeline.latencies(sequential);
    const eventToClaim = timeline.latencies(sequential, timeline.eventAt, timeline.claimedAt);
    const claimToResolve = timeline.latencies(sequential, timeline.claimedAt, timeline.resolveAt);
    const loadAfterLatency = await loadAverage();

    // Throughput: closed-loop requesters for the window, in a thread of their own.
    const resolvedBefore = new Set(timeline.resolveAt.keys());
    const cpuBefore = process.cpuUsage();
    const mainBusyBefore = performance.eventLoopUtilization();
    const chainBusyBefore = stack.chain.near.eventLoopUtilization();
    const load = await runLoad({
      rpcUrl: stack.chain.near.rpcUrl,
      contractId: stack.chain.contractId,
      requesters: REQUESTERS,
      windowMs: WINDOW_MS,
      args: args(''),
      deposit,
      accounts: requesterIds.map((accountId) => ({ accountId, secretKey: stack.chain.near.secretKeyOf(accountId) })),
    });
    const cpu = process.cpuUsage(cpuBefore);
    const mainBusy = performance.eventLoopUtilization(mainBusyBefore).utilization;
    const chainBusy = stack.chain.near.eventLoopUtilization(chainBusyBefore).utilization;
    const { windowStartMs: windowStart, requestIds: underLoad, failures } = load;
    const windowEnd = windowStart + WINDOW_MS;
    if (load.firstFailure) log.warn({ failures, first: load.firstFailure }, 'bench e2e: requests failed');
    const inWindow = [...timeline.resolveAt].filter(([id, at]) => !resolvedBefore.has(id) && at >= windowStart && at < windowEnd).length;
    const perSecond = inWindow / (WINDOW_MS / 1000);
    const loaded = timeline.latencies(underLoad);
    const loadAfterThroughput = await loadAverage();

    console.log(
      `e2e bench: local chain (block interval 10 ms), db=${process.env.DATABASE_URL ? 'postgres' : 'pglite'} wake=${process.env.REDIS_URL ? 'redis' : 'in-process'}, 2 workers, trivial cached module`,
    );
    console.log('latency definition: execution_requested block timestamp -> resolve_execution tx accepted into the mempool (same wall clock)');
    console.log(
      `latency, one at a time (${latency.length} requests): p50 ${fmt(percentile(latency, 50))} ms  p95 ${fmt(percentile(latency, 95))} ms  max ${fmt(Math.max(...latency))} ms  [load average ${loadAfterLatency}]`,
    );
    console.log(
      `  of which event -> worker holds the claim: p50 ${fmt(percentile(eventToClaim, 50))} ms; claim -> resolve submitted: p50 ${fmt(percentile(claimToResolve, 50))} ms`,
    );
    console.log(
      `throughput: ${REQUESTERS} closed-loop requesters (own thread), ${WINDOW_MS / 1000} s: ${inWindow} resolves submitted = ${fmt(perSecond)}/s; ${failures} requests failed  [load average ${loadAfterThroughput}]`,
    );
    console.log(
      `  CPU of this process (all its threads, the chain's and the requesters' too): ${fmt((cpu.user + cpu.system) / 1000 / Math.max(1, underLoad.length))} ms per request, ${fmt(((cpu.user + cpu.system) / 1000 / WINDOW_MS) * 100)}% of one core; event loops busy: coordinator ${pct(mainBusy)}, chain ${pct(chainBusy)}, requesters ${pct(load.busy)}`,
    );
    console.log(`latency under that load (${loaded.length} requests): p50 ${fmt(percentile(loaded, 50))} ms  p95 ${fmt(percentile(loaded, 95))} ms`);
    console.log(`bench e2e: event_to_resolve_p50_ms=${fmt(percentile(latency, 50))} p95_ms=${fmt(percentile(latency, 95))} requests_per_s=${fmt(perSecond)}`);
  } finally {
    await stack.close();
    await module.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
