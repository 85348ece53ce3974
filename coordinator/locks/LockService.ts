/**
 * Owned, expiring locks (compile dedup: one worker compiles a source, the others wait). The owner
 * is an opaque string naming one holding of the lock (the HTTP route makes it the worker id plus a
 * random token returned by acquire), so only that holder — not another worker, nor another lane of
 * the same worker — can extend or release it, and a holder whose lock expired and was taken cannot
 * free the new holder's lock. A lock is a hint for efficiency, never for correctness: two compiles
 * of one source only waste work (the cache is content-addressed). `signal` cancels the statement
 * of the Postgres implementation; Redis commands are single short round trips and are not cancelled.
 */
export interface LockService {
  readonly kind: 'redis' | 'postgres';
  /** true when acquired: the key was free or its holder's time ran out. */
  acquire(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean>;
  /** true when the owner still held it and its expiry moved. */
  extend(key: string, owner: string, ttlMs: number, signal?: AbortSignal): Promise<boolean>;
  /** true when the owner held it and it is now free. */
  release(key: string, owner: string, signal?: AbortSignal): Promise<boolean>;
}
