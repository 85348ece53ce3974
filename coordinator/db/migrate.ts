/**
 * Forward-only migrations: coordinator/db/migrations/NNNNNN_name.sql, applied in order, each in a
 * transaction that first inserts its id into schema_migrations. A unique violation there means
 * another instance applied (or is applying and then committed) that migration: success, not an
 * error. Safe when two coordinators start at once.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { UNIQUE_VIOLATION, pgErrorCode, type Db } from './Db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const NAME = /^(\d{6})_[a-z0-9_]+\.sql$/;

export interface Migration {
  id: string;
  file: string;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => NAME.test(f)).sort();
  return files.map((file) => ({ id: NAME.exec(file)![1]!, file: path.join(dir, file) }));
}

async function ensureMigrationsTable(db: Db): Promise<void> {
  try {
    await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  } catch (e) {
    // Concurrent CREATE TABLE IF NOT EXISTS can lose on the catalog's unique index: the table exists.
    if (pgErrorCode(e) !== UNIQUE_VIOLATION && pgErrorCode(e) !== '42P07') throw e;
  }
}

class AlreadyApplied extends Error {}

/** Applies every pending migration; returns the ids this call applied itself. */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  await ensureMigrationsTable(db);
  const applied: string[] = [];
  for (const m of await listMigrations(dir)) {
    const sql = await readFile(m.file, 'utf8');
    try {
      await db.transaction(async (tx) => {
        try {
          await tx.query(`INSERT INTO schema_migrations (id) VALUES ($1)`, [m.id]);
        } catch (e) {
          if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new AlreadyApplied(m.id);
          throw e;
        }
        await tx.exec(sql);
      });
      applied.push(m.id);
    } catch (e) {
      if (e instanceof AlreadyApplied) continue;
      if (isErrandError(e)) throw e;
      throw new ErrandError(
        'COORDINATOR__MIGRATION_FAILED',
        `migration ${m.id} failed: ${(e as Error).message}`,
        {
          id: m.id,
          reason: (e as Error).message,
        },
        { cause: e },
      );
    }
  }
  return applied;
}
