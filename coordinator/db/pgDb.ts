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
import { assertSchemaName } from './schemaName.ts';

export interface PgDbOptions {
  url: string;
  schema: string;
  poolSize: number;
  /** Shown in pg_stat_activity (default `errand-coordinator`); the benchmark uses it to find its backends. */
  applicationName?: string;
  log?: Logger;
}

export async function openPgDb(opts: PgDbOptions): Promise<Db> {
  assertSchemaName(opts.schema);
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    application_name: opts.applicationName ?? 'errand-coordinator',
    options: `-c search_path=${opts.schema}`,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => opts.log?.warn({ err }, 'postgres idle client error'));
  const untrack = trackResource(`coordinator pg pool (${opts.schema})`);
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  } catch (e) {
    // Two instances creating the schema at once: the loser sees a unique violation; the schema exists.
    if (pgErrorCode(e) !== '23505' && pgErrorCode(e) !== '42P06') {
      await pool.end();
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
      const res = await retryTransient(() => pool.query(config));
      return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
    },
    transaction<T>(fn: (tx: TxContext) => Promise<T>): Promise<T> {
      return retryTransient(async () => {
        const client = await pool.connect();
        let broken = false;
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
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throw e;
        } finally {
          client.release(broken);
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      untrack();
    },
  };
  return db;
}
