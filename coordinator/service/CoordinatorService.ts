/**
 * The coordinator's operations, independent of HTTP: the routes, the watcher runner, the sweeper
 * and the benchmark all call this. It adds to the SQL modules what needs more than the database:
 * wake-ups after commits, the long-poll loop, metrics and logs.
 */
import type { Clock } from '../../common/clock/index.ts';
import type { Logger } from '../../common/logger.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import type { Db } from '../db/Db.ts';
import type { WasmCache } from '../cache/WasmCache.ts';
import type { LockService } from '../locks/LockService.ts';
import type { WakeBus } from '../wake/WakeBus.ts';
import { QUEUE_TOPIC, logTopic } from '../wake/topics.ts';
import { recordRequest, type RecordOutcome } from '../ledger/requestsRepo.ts';
import { applyChainBatch, type ChainBatch, type ChainBatchOutcome } from '../watcher/chainBatch.ts';
import { claimForSlots, claimRequest } from '../jobs/claimStatement.ts';
import type { BuildTargetFilter } from '../jobs/ClaimBatcher.ts';
import { ClaimBatcher } from '../jobs/ClaimBatcher.ts';
import type { Claim } from '../jobs/Claim.ts';
import { heartbeatJob } from '../jobs/heartbeat.ts';
import { storeTranscript } from '../jobs/transcripts.ts';
import { completeCompile, completeExecute, type CompileCompletion, type ExecuteCompletion } from '../jobs/complete.ts';
import { failJob, type FailOutcome, type JobFailure } from '../jobs/fail.ts';
import { sweepExpiredLeases, type SweepOutcome } from '../jobs/sweep.ts';
import type { LogStream } from '../api/index.ts';
import { appendLog } from '../jobs/logs.ts';
import type { CoordinatorMetrics } from './metrics.ts';
import type { ClaimTicket, TicketSigner } from '../../common/tickets/index.ts';
import { issueClaimTicket } from '../jobs/claimTicket.ts';

/** A claimer's call: `signal` (the caller left, or the coordinator closes) and what it can build. */
export interface ClaimCallOptions {
  signal?: AbortSignal;
  /** The targets the worker compiles for (its poll says so); absent: every target. */
  buildTargets?: BuildTargetFilter;
}

export interface ServiceSettings {
  leaseMs: number;
  maxAttempts: number;
  maxPollMs: number;
  pollFallbackMs: number;
  logMaxBytesPerJob: number;
  /** Claim statements in flight at once; claims arriving meanwhile share the next one (ClaimBatcher). */
  claimStatementsInFlight: number;
  /** Most claims one shared claim statement serves; also the most a worker may claim in one call. */
  claimBatchMax: number;
  /** Longest life of a claim ticket. */
  ticketTtlMs: number;
}

export interface ServiceDeps {
  db: Db;
  bus: WakeBus;
  cache: WasmCache;
  locks: LockService;
  metrics: CoordinatorMetrics;
  settings: ServiceSettings;
  log: Logger;
  /** Signs claim tickets (the keystore checks them with its public key). */
  tickets: TicketSigner;
  /** What leases are measured against (common/clock): the system clock but in tests. */
  clock: Clock;
}

export class CoordinatorService {
  readonly db: Db;
  readonly bus: WakeBus;
  readonly cache: WasmCache;
  readonly locks: LockService;
  readonly metrics: CoordinatorMetrics;
  readonly settings: ServiceSettings;
  private readonly log: Logger;
  private readonly tickets: TicketSigner;
  private readonly claims: ClaimBatcher;
  private readonly clock: Clock;

  constructor(deps: ServiceDeps) {
    this.db = deps.db;
    this.bus = deps.bus;
    this.cache = deps.cache;
    this.locks = deps.locks;
    this.metrics = deps.metrics;
    this.settings = deps.settings;
    this.log = deps.log;
    this.tickets = deps.tickets;
    this.clock = deps.clock;
    this.claims = new ClaimBatcher((workerIds, buildTargets) => claimForSlots(this.db, this.clock, workerIds, this.settings.leaseMs, buildTargets), {
      maxInFlight: this.settings.claimStatementsInFlight,
      maxSlots: this.settings.claimBatchMax,
    });
  }

  /** Idempotent on (chain, contract, request id); wakes workers when the request is new. */
  async record(req: ExecutionRequest, signal?: AbortSignal): Promise<RecordOutcome> {
    const out = await recordRequest(this.db, req, signal);
    if (out.created) {
      this.metrics.recorded.inc();
      await this.bus.publish(QUEUE_TOPIC);
    }
    return out;
  }

  /** A watcher poll's requests, completions and cursor in one statement; one wake-up for all new requests. */
  async recordChainBatch(batch: ChainBatch, signal?: AbortSignal): Promise<ChainBatchOutcome> {
    const out = await applyChainBatch(this.db, batch, signal);
    if (out.recorded > 0) {
      this.metrics.recorded.inc(out.recorded);
      await this.bus.publish(QUEUE_TOPIC);
    }
    return out;
  }

  /** `o.signal` cancels a claim of one named request; a claim from the queue shares its statement
   * with other callers, so the signal only takes it out of the queue before it runs (ClaimBatcher). */
  async claim(workerId: string, requestId?: string, o: ClaimCallOptions = {}): Promise<Claim | null> {
    const claim = requestId
      ? await claimRequest(this.db, this.clock, workerId, this.settings.leaseMs, requestId, o)
      : ((await this.claims.claim(workerId, o))[0] ?? null);
    if (claim) this.counted([claim], workerId);
    return claim;
  }

  /** A long-poller's claim right after a wake-up: shares one statement with the other woken pollers. */
  private async claimAfterWake(workerId: string, o: ClaimCallOptions): Promise<Claim | null> {
    const claim = (await this.claims.claim(workerId, { ...o, coalesce: true }))[0] ?? null;
    if (claim) this.counted([claim], workerId);
    return claim;
  }

  /** Claims up to `max` queued requests (at most claimBatchMax) for one worker, oldest first; [] when none. */
  async claimMany(workerId: string, max: number, o: ClaimCallOptions = {}): Promise<Claim[]> {
    const claims = await this.claims.claim(workerId, { ...o, slots: max });
    this.counted(claims, workerId);
    return claims;
  }

  private counted(claims: Claim[], workerId: string): void {
    for (const claim of claims) {
      this.metrics.claims.inc({ jobs: claim.jobs.length === 1 ? claim.jobs[0]!.type : claim.jobs.map((j) => j.type).join('+') });
      this.log.debug({ workerId, requestId: claim.request.id }, 'claimed');
    }
  }

  /**
   * Long-poll: claims at once when work is queued, else waits for a wake-up (or, if none comes,
   * re-checks every pollFallbackMs so a lost wake or a Redis outage only delays) until timeoutMs.
   */
  async poll(workerId: string, timeoutMs: number, o: ClaimCallOptions = {}): Promise<Claim | null> {
    const { signal } = o;
    const started = Date.now();
    const deadline = started + Math.min(Math.max(timeoutMs, 0), this.settings.maxPollMs);
    let woken = false;
    for (;;) {
      // Shutting down (or the poller left): claim nothing more; the database may be closing.
      if (signal?.aborted) return null;
      const waiter = this.bus.waiter(QUEUE_TOPIC); // before the check: a wake in between is not lost
      let claim: Claim | null;
      try {
        claim = woken ? await this.claimAfterWake(workerId, o) : await this.claim(workerId, undefined, o);
      } catch (e) {
        waiter.cancel();
        if (signal?.aborted) return null; // left the claim queue: the poller left or we are closing
        throw e;
      }
      if (claim) {
        waiter.cancel();
        this.metrics.pollWait.observe((Date.now() - started) / 1000);
        return claim;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0 || signal?.aborted) {
        waiter.cancel();
        return null;
      }
      woken = await waiter.wait(Math.min(remaining, this.settings.pollFallbackMs), signal);
    }
  }

  /** A signed claim ticket for the execute job this worker holds (the keystore asks for one). */
  claimTicket(jobId: string, workerId: string, signal?: AbortSignal): Promise<ClaimTicket> {
    return issueClaimTicket(this.db, this.clock, this.tickets, jobId, workerId, this.settings.ticketTtlMs, signal);
  }

  heartbeat(jobId: string, workerId: string, signal?: AbortSignal): Promise<{ leaseUntil: string }> {
    return heartbeatJob(this.db, this.clock, jobId, workerId, this.settings.leaseMs, signal);
  }

  async completeCompile(jobId: string, workerId: string, c: CompileCompletion, signal?: AbortSignal): Promise<{ sourceKey: string | null; trusted: boolean }> {
    const out = await completeCompile(this.db, this.clock, jobId, workerId, c, signal);
    this.metrics.jobsCompleted.inc({ type: 'compile' });
    await this.bus.publish(logTopic(jobId)); // log followers see the end at once
    return out;
  }

  /** The HTTP transcript of the execute job `workerId` holds (jobs/transcripts.ts). */
  storeTranscript(jobId: string, workerId: string, sha256: string, body: Uint8Array, signal?: AbortSignal): Promise<void> {
    return storeTranscript(this.db, this.clock, jobId, workerId, sha256, body, signal);
  }

  async completeExecute(jobId: string, workerId: string, c: ExecuteCompletion, signal?: AbortSignal): Promise<void> {
    await completeExecute(this.db, this.clock, jobId, workerId, c, signal);
    this.metrics.jobsCompleted.inc({ type: 'execute' });
    await this.bus.publish(logTopic(jobId));
  }

  async fail(jobId: string, workerId: string, f: JobFailure, signal?: AbortSignal): Promise<FailOutcome> {
    const out = await failJob(this.db, this.clock, jobId, workerId, f, this.settings.maxAttempts, signal);
    this.metrics.jobsFailed.inc();
    if (out.requestStatus === 'queued') await this.bus.publish(QUEUE_TOPIC);
    else this.metrics.requestsFailed.inc();
    await this.bus.publish(logTopic(jobId));
    return out;
  }

  async sweep(signal?: AbortSignal): Promise<SweepOutcome> {
    const out = await sweepExpiredLeases(this.db, this.clock, this.settings.maxAttempts, 100, signal);
    if (out.requeued.length + out.failed.length > 0) {
      this.metrics.leasesExpired.inc(out.requeued.length + out.failed.length);
      this.metrics.requestsFailed.inc(out.failed.length);
      this.log.info({ requeued: out.requeued.length, failed: out.failed.length }, 'expired leases swept');
    }
    if (out.requeued.length > 0) await this.bus.publish(QUEUE_TOPIC);
    return out;
  }

  async appendLog(jobId: string, workerId: string, entry: { stream: LogStream; chunk: string }, signal?: AbortSignal): Promise<{ accepted: boolean }> {
    const out = await appendLog(this.db, this.clock, jobId, workerId, entry, this.settings.logMaxBytesPerJob, signal);
    if (out.accepted) await this.bus.publish(logTopic(jobId));
    return out;
  }
}
