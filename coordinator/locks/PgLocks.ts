/** Locks as fenced rows in Postgres (no Redis): taken when free or expired, changed only by the owner. */
import type { Db } from '../db/Db.ts';
import type { LockService } from './LockService.ts';

export class PgLocks implements LockService {
  readonly kind = 'postgres' as const;
  constructor(private readonly db: Db) {}

  async acquire(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean> {
    const { rows } = await this.db.query(
      `INSERT INTO compile_locks (key, owner, expires_at) VALUES ($1, $2, clock_timestamp() + $3::int * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE compile_locks.expires_at < clock_timestamp() OR compile_locks.owner = EXCLUDED.owner
       RETURNING owner`,
      [key, owner, ttlMs],
      { signal },
    );
    return rows.length === 1;
  }

  async extend(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE compile_locks SET expires_at = clock_timestamp() + $3::int * interval '1 millisecond'
       WHERE key = $1 AND owner = $2 AND expires_at >= clock_timestamp()`,
      [key, owner, ttlMs],
      { signal },
    );
    return rowCount === 1;
  }

  async release(key: string, owner: string, signal?: AbortSignal): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `DELETE FROM compile_locks WHERE key = $1 AND owner = $2 AND expires_at >= clock_timestamp()`,
      [key, owner],
      { signal },
    );
    return rowCount === 1;
  }
}
