/**
 * The one database interface of the coordinator. Two adapters implement it with the same SQL:
 * node-postgres (DATABASE_URL) and PGlite (embedded). Every handle is bound to one schema through
 * search_path, so test suites can share a database. Values always travel as `$n` parameters.
 *
 * Not promised: cross-handle ordering on PGlite beyond what its single connection gives (it runs
 * one statement or transaction at a time).
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /** Hot statements only: a server-side prepared statement name (planned once per connection).
   * The same name must always carry the same SQL. PGlite honours it on an owned instance only. */
  prepareAs?: string;
  /**
   * With `prepareAs`: the statement's generic plan is right for every parameter value, so plan it
   * once per connection. Postgres would otherwise re-plan it on every execution when a parameter
   * decides its LIMIT (the generic plan's row estimate then looks costly to the chooser), which
   * for the claim statement is a third of its server CPU. On Postgres such statements run on a
   * small pool of their own with plan_cache_mode=force_generic_plan (the setting is per session,
   * and every other statement keeps custom plans); PGlite ignores it.
   */
  genericPlan?: boolean;
  /** Stops waiting for the statement. On Postgres its connection is discarded (the server ends the
   * statement and rolls back what it had not committed when the socket closes; statement_timeout
   * bounds it anyway); on PGlite (one in-process connection that cannot be interrupted) the
   * statement is not started once the signal has aborted. Rejects with COMMON__ABORTED/TIMEOUT. */
  signal?: AbortSignal;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
}

export interface TxContext extends Queryable {
  /** Runs a multi-statement SQL script without parameters (migrations only). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  readonly schema: string;
  /** Runs `fn` in one transaction; retried as a whole on named transient errors (see transient.ts). */
  transaction<T>(fn: (tx: TxContext) => Promise<T>, opts?: { signal?: AbortSignal }): Promise<T>;
  /** Housekeeping a server does by itself (autovacuum) that this database does not: present only
   * then. Each call vacuums and analyzes one table of the schema, in turn; the coordinator calls
   * it periodically (PGLITE_MAINTENANCE_MS). */
  maintain?(): Promise<void>;
  close(): Promise<void>;
}

/** Postgres error code of a thrown driver error, if any. */
export function pgErrorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const UNIQUE_VIOLATION = '23505';
