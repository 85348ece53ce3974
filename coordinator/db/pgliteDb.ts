/**
 * Db over PGlite (Postgres compiled to WebAssembly, one connection). An owned PGlite (the
 * coordinator's own, `errand dev`) has nobody else on its connection: search_path is set once for
 * the session, each statement runs alone, as on a server, and hot statements (`prepareAs`) are
 * prepared once (pglitePrepared.ts). A shared PGlite (tests: several schema
 * handles on one instance) runs each statement in a transaction that first sets search_path
 * locally, so the handles never see each other's tables. An owned PGlite is closed with the handle;
 * a shared one is left open for its owner.
 */
import { PGlite } from '@electric-sql/pglite';
import { trackResource } from '../../common/testing/leaks.ts';
import type { Db, QueryResult, TxContext } from './Db.ts';
import { retryTransient } from './transient.ts';
import { throwIfAborted } from '../../common/abort.ts';
import { PglitePrepared } from './pglitePrepared.ts';
import { assertSchemaName } from './schemaName.ts';

export interface PgliteDbOptions {
  schema: string;
  /** Data directory; unset: in memory. Ignored when `shared` is given. */
  dataDir?: string;
  /** An already-open PGlite this handle borrows (not closed by the handle). */
  shared?: PGlite;
}

type PgliteTx = Parameters<Parameters<PGlite['transaction']>[0]>[0];
type PgliteQueryable = Pick<PgliteTx, 'query'>;

async function runQuery<R>(q: PgliteQueryable, sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
  const res = await q.query<R>(sql, params as unknown[]);
  return { rows: res.rows, rowCount: Math.max(res.rows.length, res.affectedRows ?? 0) };
}

function wrapTx(tx: PgliteTx): TxContext {
  return {
    query: <R>(sql: string, params?: readonly unknown[]) => runQuery<R>(tx, sql, params),
    async exec(sql: string) {
      await tx.exec(sql);
    },
  };
}

/**
 * PGlite runs Postgres in single-user mode: no autovacuum. Without it dead row versions are never
 * reclaimed (an in-memory database only grows) and the planner never gets statistics, so the
 * plans of prepared statements, made while the tables were tiny, stay sequential scans and every
 * statement gets slower as the ledger grows (ANALYZE also makes Postgres re-plan them). One table
 * per call keeps each pause short; a small statistics sample (the queries are simple key lookups)
 * keeps ANALYZE cheap.
 */
function tableMaintenance(pglite: PGlite, schema: string): () => Promise<void> {
  let tables: string[] = [];
  let next = 0;
  return async () => {
    if (next >= tables.length) {
      // Largest first: those are the ones growing.
      const { rows } = await pglite.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY pg_relation_size(c.oid) DESC, 1`,
        [schema],
      );
      tables = rows.map((r) => r.name);
      next = 0;
      if (tables.length === 0) return;
    }
    const table = tables[next++]!;
    await pglite.exec(`VACUUM (ANALYZE) ${schema}."${table.replaceAll('"', '""')}"`);
  };
}

export async function openPgliteDb(opts: PgliteDbOptions): Promise<Db> {
  assertSchemaName(opts.schema);
  const owned = !opts.shared;
  const pglite = opts.shared ?? new PGlite(opts.dataDir);
  await pglite.waitReady;
  const untrack = trackResource(`coordinator pglite (${opts.schema})`);
  await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  let query: Db['query'];
  let transaction: Db['transaction'];
  if (owned) {
    // Session-wide: no other handle shares this connection. Per statement this saves the
    // BEGIN / set_config / COMMIT round the shared mode pays (three extra statements in wasm).
    await pglite.query(`SELECT set_config('search_path', $1, false)`, [opts.schema]);
    await pglite.exec(`SET default_statistics_target = 10`); // ANALYZE samples of tableMaintenance
    const prepared = new PglitePrepared(pglite);
    query = (sql, params = [], o) =>
      retryTransient(() => {
        throwIfAborted(o?.signal, 'database query');
        return o?.prepareAs ? prepared.run(o.prepareAs, sql, params) : runQuery(pglite, sql, params);
      });
    transaction = (fn, o) =>
      retryTransient(() => {
        throwIfAborted(o?.signal, 'database transaction');
        return pglite.transaction((tx) => fn(wrapTx(tx)));
      });
  } else {
    const inSchema = <T>(fn: (tx: TxContext) => Promise<T>, o?: { signal?: AbortSignal }): Promise<T> =>
      retryTransient(() =>
        pglite.transaction(async (tx) => {
          throwIfAborted(o?.signal, 'database statement');
          await tx.query(`SELECT set_config('search_path', $1, true)`, [opts.schema]);
          return fn(wrapTx(tx));
        }),
      );
    query = (sql, params, o) => inSchema((tx) => tx.query(sql, params), o);
    transaction = inSchema;
  }
  let closed = false;
  return {
    kind: 'pglite',
    schema: opts.schema,
    query,
    transaction,
    ...(owned ? { maintain: tableMaintenance(pglite, opts.schema) } : {}),
    async close() {
      if (closed) return;
      closed = true;
      if (owned) await pglite.close();
      untrack();
    },
  };
}
