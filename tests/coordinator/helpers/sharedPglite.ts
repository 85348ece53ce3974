/**
 * One embedded PGlite per test process, standing in for the Postgres server when DATABASE_URL is
 * unset (PGlite takes seconds to boot). Like the external server it lives for the whole run and is
 * not a per-test resource; each test's schema handle on it is tracked and closed as usual.
 */
import { PGlite } from '@electric-sql/pglite';

let shared: Promise<PGlite> | undefined;

export function sharedPglite(): Promise<PGlite> {
  shared ??= (async () => {
    const db = new PGlite();
    await db.waitReady;
    return db;
  })();
  return shared;
}
