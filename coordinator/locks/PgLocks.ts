/**
 * Locks as fenced rows in Postgres (no Redis): taken when free or expired, changed only by the
 * owner. Expiry is measured against the injected clock's `now` (common/clock), so tests move time
 * instead of sleeping past a lock.
 */
import type { Clock } from '../../common/clock/index.ts';
import type { Db } from '../db/Db.ts';
import type { LockService } from './LockService.ts';

export class PgLocks implements LockService {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async acquire(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO compile_locks (key, owner, expires_at) VALUES ($1, $2, $4::timestamptz + $3::int * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE compile_locks.expires_at < $4::timestamptz
       RETURNING owner`,
      [key, owner, ttlMs, this.clock.now()],
      { signal },
    );
    return rows.length === 1;
  }

  async extend(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE compile_locks SET expires_at = $4::timestamptz + $3::int * interval '1 millisecond'
       WHERE key = $1 AND owner = $2 AND expires_at >= $4::timestamptz`,
      [key, owner, ttlMs, this.clock.now()],
      { signal },
    );
    return rowCount === 1;
  }

  async release(key: string, owner: string, signal?: AbortSignal): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `DELETE FROM compile_locks WHERE key = $1 AND owner = $2 AND expires_at >= $3::timestamptz`,
      [key, owner, this.clock.now()],
      { signal },
    );
    return rowCount === 1;
  }
}
