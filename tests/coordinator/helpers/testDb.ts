/**
 * A fresh schema per test: on the real Postgres of DATABASE_URL when set (CI shares one database
 * between many test files), else on the process's embedded PGlite. close() drops the schema.
 */
import type { Db } from '../../../coordinator/db/Db.ts';
import { openPgDb } from '../../../coordinator/db/pgDb.ts';
import { openPgliteDb } from '../../../coordinator/db/pgliteDb.ts';
import { randomSchemaName } from '../../../coordinator/db/schemaName.ts';
import { migrate } from '../../../coordinator/db/migrate.ts';
import { sharedPglite } from './sharedPglite.ts';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

export async function openTestDb(opts: { migrate?: boolean; schema?: string; poolSize?: number } = {}): Promise<Db> {
  const schema = opts.schema ?? randomSchemaName('coord');
  const inner = process.env.DATABASE_URL
    ? await openPgDb({ url: process.env.DATABASE_URL, schema, poolSize: opts.poolSize ?? 40, genericPlanPoolSize: Math.min(2, opts.poolSize ?? 2) })
    : await openPgliteDb({ schema, shared: await sharedPglite() });
  if (opts.migrate !== false) await migrate(inner);
  return {
    ...inner,
    query: inner.query.bind(inner),
    transaction: inner.transaction.bind(inner),
    async close() {
      try {
        await inner.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await inner.close();
      }
    },
  };
}

/** A second handle on the same schema (e.g. two coordinators); does not drop it on close. */
export async function openSiblingDb(of: Db): Promise<Db> {
  return process.env.DATABASE_URL
    ? openPgDb({ url: process.env.DATABASE_URL, schema: of.schema, poolSize: 10 })
    : openPgliteDb({ schema: of.schema, shared: await sharedPglite() });
}
