/**
 * Named prepared statements on an owned PGlite. PGlite's own query() parses, describes and plans
 * every statement again (its unnamed statement), which for the coordinator's large hot statements
 * (the claim, the execute completion, the chain batch) costs several times their execution. Here a
 * statement is parsed and described once per name; each call then only binds and executes it,
 * in one exchange with the wasm backend, and Postgres reuses its plan (plan cache).
 *
 * Locking follows PGlite.query(): the transaction mutex (never inside someone's transaction) and
 * the query mutex, then a file-system sync as after any statement outside a transaction.
 */
import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import type { QueryResult } from './Db.ts';
import { concatBytes as concat } from '../../common/bytes.ts';

const { serialize } = protocol;

export class PglitePrepared {
  /** Parameter type oids of each prepared statement, and the SQL it was prepared from. */
  private readonly statements = new Map<string, { sql: string; types: number[] }>();

  constructor(private readonly pglite: PGlite) {}

  async run<R>(name: string, sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    const pg = this.pglite;
    await pg._checkReady();
    return pg._runExclusiveTransaction(() =>
      pg._runExclusiveQuery(async () => {
        const types = await this.prepare(name, sql);
        const values = params.map((p, i) => {
          if (p === null || p === undefined) return null;
          const toText = pg.serializers[types[i]!];
          return toText ? toText(p) : String(p);
        });
        const { messages } = await pg.execProtocol(
          concat([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]),
          { syncToFs: false },
        );
        await pg.syncToFs();
        const res = parse.parseResults(messages, pg.parsers)[0]!;
        return { rows: res.rows as R[], rowCount: Math.max(res.rows.length, res.affectedRows ?? 0) };
      }),
    );
  }

  private async prepare(name: string, sql: string): Promise<number[]> {
    const known = this.statements.get(name);
    if (known) {
      if (known.sql !== sql) throw new Error(`prepared statement ${name} was prepared from other SQL`);
      return known.types;
    }
    const { messages } = await this.pglite.execProtocol(
      concat([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()]),
      { syncToFs: false },
    );
    const types = parse.parseDescribeStatementResults(messages);
    this.statements.set(name, { sql, types });
    return types;
  }
}
