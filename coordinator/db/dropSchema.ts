/**
 * Drops a schema and everything in it, over a short-lived connection: how a run that owns a
 * throw-away schema (`errand dev` on Postgres, the benchmarks) cleans up after its pool is closed.
 */
import pg from 'pg';
import { assertSchemaName } from './schemaName.ts';

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  assertSchemaName(schema); // an identifier, not a parameter: checked before it reaches the SQL
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
