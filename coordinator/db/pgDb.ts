/**
 * Db over a node-postgres Pool. search_path is set per connection through the startup `options`,
 * so every query of this handle sees only its schema.
 */
import pg from 'pg';
import { trackResource } from '../../common/testing/leaks.ts';
import type { Logger } from '../../common/logger.ts';
import type { Db, QueryOptions, QueryResult, TxContext } from './Db.ts';
import { pgErrorCode } from './Db.ts';
import { retryTransient } from './transient.ts';
import { throwIfAborted } from '../../common/abort.ts';
import { assertSchemaName } from './schemaName.ts';

export interface PgDbOptions {
  url: string;
  schema: string;
  poolSize: number;
  /** Shown in pg_stat_activity (default `errand-coordinator`); the benchmark uses it to find its backends. */
  applicationName?: string;
  log?: Logger;
  /** Longest wait for a connection (a new one, or a free one from a full pool). Default 10 s. */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout of every connection, and the client's own bound on a statement
   * (a hung server never answers, so the server's timeout alone would not end the wait). Default 30 s. */
  statementTimeoutMs?: number;
  /** Connections of the pool for `genericPlan` statements (opened on first use). Default 2. */
  genericPlanPoolSize?: number;
}

export async function openPgDb(opts: PgDbOptions): Promise<Db> {
  assertSchemaName(opts.schema);
  const statementTimeoutMs = opts.statementTimeoutMs ?? 30_000;
  const newPool = (max: number, settings = ''): pg.Pool => {
    const p = new pg.Pool({
      connectionString: opts.url,
      max,
      application_name: opts.applicationName ?? 'errand-coordinator',
      // client_connection_check_interval: a backend notices within 250 ms that its client went away
      // (an aborted signal destroys the connection) and ends the statement, even one that is
      // sleeping or waiting on a lock, instead of running on until statement_timeout.
      options: `-c search_path=${opts.schema} -c client_connection_check_interval=250${settings}`,
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
      statement_timeout: statementTimeoutMs,
      // The client gives up a little after the server would have: a hung server or network.
      query_timeout: statementTimeoutMs + 2_000,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    p.on('error', (err) => opts.log?.warn({ err }, 'postgres idle client error'));
    return p;
  };
  const pool = newPool(opts.poolSize);
  // Opens no connection until a `genericPlan` statement runs (pg pools connect lazily).
  const genericPlanPool = newPool(opts.genericPlanPoolSize ?? 2, ' -c plan_cache_mode=force_generic_plan');
  const untrack = trackResource(`coordinator pg pool (${opts.schema})`);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  } catch (e) {
    // Two instances creating the schema at once: the loser sees a unique violation; the schema exists.
    if (pgErrorCode(e) !== '23505' && pgErrorCode(e) !== '42P06') {
      await Promise.all([pool.end(), genericPlanPool.end()]);
      untrack();
      throw e;
    }
  }
  let closed = false;
  const db: Db = {
    kind: 'postgres',
    schema: opts.schema,
    async query<R>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<QueryResult<R>> {
      const config = { text: sql, values: params as unknown[], ...(opts?.prepareAs ? { name: opts.prepareAs } : {}) };
      const signal = opts?.signal;
      const on = opts?.genericPlan && opts.prepareAs ? genericPlanPool : pool;
      const res = signal
        ? await retryTransient(() => onOwnClient(on, signal, 'database query', (client) => client.query(config)))
        : await retryTransient(() => on.query(config));
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    transaction<T>(fn: (tx: TxContext) => Promise<T>, topts?: { signal?: AbortSignal }): Promise<T> {
      return retryTransient(async () => {
        throwIfAborted(topts?.signal, 'database transaction');
        const client = await pool.connect();
        let broken = false;
        // An abort discards the connection: the server rolls the transaction back.
        const onAbort = (): void => {
          broken = true;
          (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        };
        topts?.signal?.addEventListener('abort', onAbort, { once: true });
        // A connection destroyed on abort reports its end here, not as an uncaught error.
        const onError = (err: Error): void => opts.log?.debug({ err }, 'postgres connection ended');
        client.on('error', onError);
        try {
          await client.query('BEGIN');
          const tx: TxContext = {
            async query<R>(sql: string, params: readonly unknown[] = []) {
              const res = await client.query(sql, params as unknown[]);
              return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
            },
            async exec(sql: string) {
              await client.query(sql);
            },
          };
          const out = await fn(tx);
          await client.query('COMMIT');
          return out;
        } catch (e) {
          try {
            if (!broken) await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throwIfAborted(topts?.signal, 'database transaction');
          throw e;
        } finally {
          topts?.signal?.removeEventListener('abort', onAbort);
          client.off('error', onError);
          client.release(broken);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), genericPlanPool.end()]);
      untrack();
    },
  };
  return db;
}

/**
 * Runs one statement on a connection of its own so that an abort can end the wait: the connection
 * is then destroyed (the server ends the statement when it notices) instead of returned to the pool.
 */
async function onOwnClient<T>(pool: pg.Pool, signal: AbortSignal, operation: string, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  throwIfAborted(signal, operation);
  const client = await pool.connect();
  const onError = (): void => undefined; // a connection destroyed on abort ends here, not uncaught
  client.on('error', onError);
  let destroyed = false;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      destroyed = true;
      client.release(true);
      try {
        throwIfAborted(signal, operation);
      } catch (e) {
        reject(e);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    return await Promise.race([run(client), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.off('error', onError);
    if (!destroyed) client.release();
  }
}
