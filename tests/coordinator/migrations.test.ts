import assert from 'node:assert/strict';
import { migrate, listMigrations } from '../../coordinator/db/migrate.ts';
import { openSiblingDb, openTestDb } from './helpers/testDb.ts';

describe('coordinator migrations', () => {
  it('two coordinators migrating one fresh schema at once apply each migration exactly once', async () => {
    const a = await openTestDb({ migrate: false });
    const b = await openSiblingDb(a);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = (await listMigrations()).map((m) => m.id);
      assert.deepEqual([...ra, ...rb].sort(), all, 'every migration applied by exactly one of the two');
      const { rows } = await a.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      assert.deepEqual(
        rows.map((r) => r.id),
        all,
      );
      const tables = await a.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name = ANY($2::text[])`,
        [a.schema, ['requests', 'jobs', 'wasm_modules', 'wasm_sources', 'workers', 'chain_cursors', 'events', 'job_logs', 'compile_locks']],
      );
      assert.equal(tables.rows[0]!.n, 9);
      assert.deepEqual(await migrate(b), [], 'a restart applies nothing');
    } finally {
      await b.close();
      await a.close();
    }
  });
});
