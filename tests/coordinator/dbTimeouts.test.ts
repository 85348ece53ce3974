/**
 * Issue 12, item 10: a database that hangs no longer hangs the coordinator. The pool has a
 * connection timeout and a statement timeout (coordinator/config.ts: DB_CONNECT_TIMEOUT_MS,
 * DB_STATEMENT_TIMEOUT_MS), and a long call given a signal stops waiting when it aborts.
 * The statement tests need a real Postgres (DATABASE_URL); the connection test needs none: it
 * points the pool at a server that accepts connections and never answers.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { openPgDb } from '../../coordinator/db/pgDb.ts';
import { openPgliteDb } from '../../coordinator/db/pgliteDb.ts';
import { parseCoordinatorConfig } from '../../coordinator/config.ts';

/** Rejects if `p` has not settled within `ms` (on main the calls below never settled). */
async function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe('coordinator database: timeouts and signals (issue 12)', function () {
  this.timeout(30_000);

  it('has configurable connection and statement timeouts with defaults', () => {
    const d = parseCoordinatorConfig({});
    assert.deepEqual([d.DB_CONNECT_TIMEOUT_MS, d.DB_STATEMENT_TIMEOUT_MS], [10_000, 30_000]);
    const c = parseCoordinatorConfig({ DB_CONNECT_TIMEOUT_MS: 250, DB_STATEMENT_TIMEOUT_MS: '400' as unknown as number });
    assert.deepEqual([c.DB_CONNECT_TIMEOUT_MS, c.DB_STATEMENT_TIMEOUT_MS], [250, 400]);
  });

  it('a database that accepts connections and never answers fails the call after the connection timeout', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const started = Date.now();
      await within(
        5_000,
        assert.rejects(openPgDb({ url: `postgres://postgres@127.0.0.1:${port}/none`, schema: 'i12_hung', poolSize: 2, connectTimeoutMs: 300 })),
      );
      assert.ok(Date.now() - started < 3_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('PGlite: a call whose signal has aborted is not started', async () => {
    const db = await openPgliteDb({ schema: 'i12_sig' });
    try {
      const gone = AbortSignal.abort();
      await assert.rejects(db.query('SELECT 1', [], { signal: gone }), (e: { code?: string }) => e.code === 'COMMON__ABORTED');
      await assert.rejects(
        db.transaction(async () => 1, { signal: gone }),
        (e: { code?: string }) => e.code === 'COMMON__ABORTED',
      );
      assert.equal((await db.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n, 1);
    } finally {
      await db.close();
    }
  });

  describe('on Postgres', function () {
    before(function () {
      if (!process.env.DATABASE_URL) this.skip();
    });

    it('a statement past the statement timeout fails with 57014; a signal stops a long call and the pool stays usable', async () => {
      const db = await openPgDb({ url: process.env.DATABASE_URL!, schema: 'i12_timeouts', poolSize: 3, statementTimeoutMs: 300 });
      try {
        const started = Date.now();
        await within(
          5_000,
          assert.rejects(db.query('SELECT pg_sleep(3)'), (e: { code?: string }) => e.code === '57014'),
        );
        assert.ok(Date.now() - started < 2_500, 'the server ended the statement');
      } finally {
        await db.query('DROP SCHEMA IF EXISTS i12_timeouts').catch(() => undefined);
        await db.close();
      }
      const slow = await openPgDb({ url: process.env.DATABASE_URL!, schema: 'i12_timeouts', poolSize: 3, statementTimeoutMs: 20_000 });
      try {
        let started = Date.now();
        await within(
          5_000,
          assert.rejects(slow.query('SELECT pg_sleep(5)', [], { signal: AbortSignal.timeout(200) }), (e: { code?: string }) => e.code === 'COMMON__TIMEOUT'),
        );
        assert.ok(Date.now() - started < 2_000, 'the caller stopped waiting');
        started = Date.now();
        const stop = new AbortController();
        setTimeout(() => stop.abort(), 200);
        await within(
          5_000,
          assert.rejects(
            slow.transaction(async (tx) => tx.query('SELECT pg_sleep(5)'), { signal: stop.signal }),
            (e: { code?: string }) => e.code === 'COMMON__ABORTED',
          ),
        );
        assert.ok(Date.now() - started < 2_000);
        assert.equal((await slow.query<{ n: number }>('SELECT 1 AS n')).rows[0]!.n, 1, 'the pool still serves');
      } finally {
        await slow.query('DROP SCHEMA IF EXISTS i12_timeouts').catch(() => undefined);
        await slow.close();
      }
    });
  });
});
