/**
 * Owned, expiring locks (compile dedup: one worker compiles a source, the others wait). Release and
 * extend check the owner, so a worker whose lock expired and was taken cannot free the new
 * holder's lock. A lock is a hint for efficiency, never for correctness: two compiles of one
 * source only waste work (the cache is content-addressed). `signal` cancels the statement of the
 * Postgres implementation; Redis commands are single short round trips and are not cancelled.
 */
export interface LockService {
  readonly kind: 'redis' | 'postgres';
  /** true when acquired (or already held by `owner`, then extended). */
  acquire(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean>;
  /** true when the owner still held it and its expiry moved. */
  extend(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean>;
  /** true when the owner held it and it is now free. */
  release(key: string, owner: string, signal?: AbortSignal): Promise<boolean>;
}
