/**
 * Leadership of one chain watcher among several coordinators: a lease row in Postgres
 * (watcher_leases). The holder renews it every third of its length; any other coordinator takes
 * it over once it has expired by Postgres's clock (one clock for all, no skew between hosts),
 * which bumps the epoch. The leader's writes carry (holder, epoch) as a fence (chainBatch.ts), so
 * a coordinator that was paused past its lease (a GC stall, a network partition) and wakes up
 * still thinking it leads cannot write. A lease row rather than an advisory lock: a hung leader
 * that keeps its connection open would hold an advisory lock forever.
 *
 * A leader that dies (SIGKILL) is replaced within the lease length plus one renewal interval; one
 * that closes cleanly hands over at once (release()).
 */
import type { Db } from '../db/Db.ts';
import type { LeaseFence } from './chainBatch.ts';

const ACQUIRE_SQL = `
INSERT INTO watcher_leases (name, holder, epoch, expires_at)
VALUES ($1, $2, 1, clock_timestamp() + $3::int * interval '1 millisecond')
ON CONFLICT (name) DO UPDATE SET
  holder = EXCLUDED.holder,
  epoch = CASE WHEN watcher_leases.holder = EXCLUDED.holder THEN watcher_leases.epoch ELSE watcher_leases.epoch + 1 END,
  expires_at = EXCLUDED.expires_at,
  updated_at = clock_timestamp()
WHERE watcher_leases.holder = EXCLUDED.holder OR watcher_leases.expires_at < clock_timestamp()
RETURNING epoch::text`;

export class WatcherLease {
  private held: LeaseFence | null = null;

  constructor(
    private readonly db: Db,
    readonly name: string,
    readonly holder: string,
    readonly ttlMs: number,
  ) {}

  /** The fence while this coordinator holds the lease, else null. */
  get fence(): LeaseFence | null {
    return this.held;
  }

  /** Takes the lease (when free or expired) or renews it (when held); the fence, or null when
   * another coordinator holds it. */
  async acquire(signal?: AbortSignal): Promise<LeaseFence | null> {
    const { rows } = await this.db.query<{ epoch: string }>(ACQUIRE_SQL, [this.name, this.holder, this.ttlMs], { signal });
    this.held = rows[0] ? { name: this.name, holder: this.holder, epoch: rows[0].epoch } : null;
    return this.held;
  }

  /** Forgets the lease after a write was fenced out (another coordinator leads now). */
  lost(): void {
    this.held = null;
  }

  /** Lets another coordinator take over at once (clean shutdown). */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = null;
    await this.db.query(`UPDATE watcher_leases SET expires_at = clock_timestamp() - interval '1 millisecond' WHERE name = $1 AND holder = $2`, [
      this.name,
      this.holder,
    ]);
  }
}
