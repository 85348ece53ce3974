/**
 * Db over PGlite (Postgres compiled to WebAssembly, one connection). Each statement runs in a
 * transaction that first sets search_path locally, so several schema handles can share one PGlite.
 * An owned PGlite is closed with the handle; a shared one (tests) is left open for its owner.
 */
import { PGlite } from '@electric-sql/pglite';
import { trackResource } from '../../common/testing/leaks.ts';
import type { Db, QueryResult, TxContext } from './Db.ts';
import { retryTransient } from './transient.ts';
import { assertSchemaName } from './schemaName.ts';

export interface PgliteDbOptions {
  schema: string;
  /** Data directory; unset: in memory. Ignored when `shared` is given. */
  dataDir?: string;
  /** An already-open PGlite this handle borrows (not closed by the handle). */
  shared?: PGlite;
}

type PgliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];

function wrapTx(tx: PgliteTx): TxContext {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await tx.query<R>(sql, params as unknown[]);
      return { rows: res.rows, rowCount: Math.max(res.rows.length, res.affectedRows ?? 0) };
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
}

export async function openPgliteDb(opts: PgliteDbOptions): Promise<Db> {
  assertSchemaName(opts.schema);
  const owned = !opts.shared;
  const pglite = opts.shared ?? new PGlite(opts.dataDir);
  await pglite.waitReady;
  const untrack = trackResource(`coordinator pglite (${opts.schema})`);
  await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  const inSchema = <T>(fn: (tx: TxContext) => Promise<T>): Promise<T> =>
    retryTransient(() =>
      pglite.transaction(async (tx) => {
        await tx.query(`SELECT set_config('search_path', $1, true)`, [opts.schema]);
        return fn(wrapTx(tx));
      }),
    );
  let closed = false;
  return {
    kind: 'pglite',
    schema: opts.schema,
    query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return inSchema((tx) => tx.query<R>(sql, params));
    },
    transaction: inSchema,
    async close() {
      if (closed) return;
      closed = true;
      if (owned) await pglite.close();
      untrack();
    },
  };
}
