/**
 * Coalesces concurrent claims into shared claim statements. At most `maxInFlight` claim statements
 * run at once; claims that arrive meanwhile wait and go together, up to `maxSlots` per statement,
 * in the next one (see claimForSlots). An idle coordinator therefore claims at once, alone, while
 * a busy one pays the round trip, planning and commit of a statement once for many claimers, and
 * never lets claims take the whole connection pool from recording and completions.
 *
 * Each claimer still gets its own request, claimed atomically for its own worker id. Not promised:
 * which of the queued requests a given claimer gets, or that a claimer gets one while another
 * statement holds the last queued rows locked (SKIP LOCKED: it gets null, as before batching).
 * An error of a shared statement is the error of every claim in it. A claim's signal takes it out
 * of the queue while it waits; once its statement runs it is not cancelled (the statement claims for
 * others too): claimed for a caller who left, its lease runs out and the sweeper requeues it.
 */
import { throwIfAborted } from '../../common/abort.ts';
import type { Claim } from './Claim.ts';

export interface ClaimBatcherOptions {
  /** Claim statements allowed in flight at once (>= 1). */
  maxInFlight: number;
  /** Most claimer slots one statement serves (>= 1). */
  maxSlots: number;
}

/**
 * The build targets a claimer can compile for; `null` when it can build every target. Claims with
 * different targets never share a statement, whose filter (claimStatement.ts) is one list per run.
 */
export type BuildTargetFilter = readonly string[] | null;

/** Runs one statement for these slots (all able to build `buildTargets`) and returns the claims per worker id. */
export type ClaimSlots = (workerIds: string[], buildTargets: BuildTargetFilter) => Promise<Map<string, Claim[]>>;

export interface ClaimOptions {
  /** Requests asked for at once (a worker asking for several); default 1. */
  slots?: number;
  /**
   * This claim follows a wake-up, which every waiting poller receives at once; it waits for the end
   * of the current microtask queue, so the claims of one wake-up share one statement instead of the
   * first running alone and the rest in a second, empty, one.
   */
  coalesce?: boolean;
  signal?: AbortSignal;
  /** What the claimer can compile: a request needing a build for another target is left for others. */
  buildTargets?: BuildTargetFilter;
}

interface Pending {
  workerId: string;
  buildTargets: BuildTargetFilter;
  /** Claims batch together only with the same key (the sorted target list). */
  targetsKey: string;
  /** Slots this claim asks for (a worker asking for several requests at once). */
  slots: number;
  resolve(claims: Claim[]): void;
  reject(err: unknown): void;
}

export class ClaimBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** A statement just ended: the next one waits one event-loop turn (see runBatch). */
  private settling = false;
  /** A pump is queued for the coalesced claims of a wake-up. */
  private pumpQueued = false;

  constructor(
    private readonly run: ClaimSlots,
    private readonly opts: ClaimBatcherOptions,
  ) {
    if (!(opts.maxInFlight >= 1 && opts.maxSlots >= 1)) throw new RangeError('ClaimBatcher: maxInFlight and maxSlots must be >= 1');
  }

  /** Claims up to `o.slots` requests for `workerId` (fewer, or none, when the queue runs dry). */
  claim(workerId: string, o: ClaimOptions = {}): Promise<Claim[]> {
    const { slots = 1, coalesce = false, signal } = o;
    const buildTargets = o.buildTargets ? [...new Set(o.buildTargets)].sort() : null;
    return new Promise<Claim[]>((resolve, reject) => {
      throwIfAborted(signal, 'claim'); // rejects the promise
      const pending: Pending = {
        workerId,
        buildTargets,
        targetsKey: buildTargets ? buildTargets.join(',') : '*',
        slots: Math.max(1, Math.min(slots, this.opts.maxSlots)),
        resolve,
        reject,
      };
      if (signal) this.leaveOnAbort(pending, signal);
      this.queue.push(pending);
      if (!coalesce) this.pump();
      else if (!this.pumpQueued) {
        this.pumpQueued = true;
        queueMicrotask(() => {
          this.pumpQueued = false;
          this.pump();
        });
      }
    });
  }

  /** A waiting claim whose signal aborts leaves the queue; one whose statement started stays. */
  private leaveOnAbort(p: Pending, signal: AbortSignal): void {
    const { resolve, reject } = p;
    const onAbort = (): void => {
      const i = this.queue.indexOf(p);
      if (i < 0) return;
      this.queue.splice(i, 1);
      try {
        throwIfAborted(signal, 'claim');
      } catch (e) {
        reject(e);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    p.resolve = (claims) => {
      signal.removeEventListener('abort', onAbort);
      resolve(claims);
    };
    p.reject = (err) => {
      signal.removeEventListener('abort', onAbort);
      reject(err);
    };
  }

  private pump(): void {
    if (this.settling) return;
    while (this.inFlight < this.opts.maxInFlight && this.queue.length > 0) {
      // The first claim always fits (its slots are capped at maxSlots); later ones only if whole
      // and able to build the same targets (one target filter per statement).
      const first = this.queue.shift()!;
      const batch: Pending[] = [first];
      let used = first.slots;
      for (let i = 0; i < this.queue.length;) {
        const p = this.queue[i]!;
        if (p.targetsKey !== first.targetsKey) {
          i++; // another group: it goes in a statement of its own
          continue;
        }
        if (used + p.slots > this.opts.maxSlots) break; // no overtaking within a group
        this.queue.splice(i, 1);
        batch.push(p);
        used += p.slots;
      }
      this.inFlight++;
      void this.runBatch(batch);
    }
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      const workerIds = batch.flatMap((p) => Array<string>(p.slots).fill(p.workerId));
      const byWorker = await this.run(workerIds, batch[0]!.buildTargets);
      // Claims of one worker id are interchangeable between that worker's pending calls.
      for (const p of batch) p.resolve(byWorker.get(p.workerId)?.splice(0, p.slots) ?? []);
    } catch (err) {
      for (const p of batch) p.reject(err);
    } finally {
      this.inFlight--;
      // Claimers just answered usually claim again at once (in their continuations, which run
      // before setImmediate): waiting that one turn lets them share the next statement with the
      // claims already queued, instead of the queue splitting into groups that alternate.
      this.settling = true;
      setImmediate(() => {
        this.settling = false;
        this.pump();
      });
    }
  }
}
