/** Picks the adapter: Postgres when a URL is configured, embedded PGlite otherwise. Same SQL either way. */
import type { Logger } from '../../common/logger.ts';
import type { Db } from './Db.ts';
import { openPgDb } from './pgDb.ts';
import { openPgliteDb } from './pgliteDb.ts';

export interface OpenDbOptions {
  databaseUrl?: string;
  pgliteDataDir?: string;
  schema: string;
  poolSize?: number;
  log?: Logger;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

export function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    return openPgDb({
      url: opts.databaseUrl,
      schema: opts.schema,
      poolSize: opts.poolSize ?? 20,
      log: opts.log,
      connectTimeoutMs: opts.connectTimeoutMs,
      statementTimeoutMs: opts.statementTimeoutMs,
    });
  }
  return openPgliteDb({ schema: opts.schema, dataDir: opts.pgliteDataDir });
}
