/** The last processed position of each chain watcher, stored only after its events are recorded. */
import type { Queryable } from '../db/Db.ts';

export async function readCursor(q: Queryable, name: string): Promise<string | null> {
  const { rows } = await q.query<{ cursor: string }>(`SELECT cursor FROM chain_cursors WHERE chain = $1`, [name]);
  return rows[0]?.cursor ?? null;
}

export async function storeCursor(q: Queryable, name: string, cursor: string): Promise<void> {
  await q.query(
    `INSERT INTO chain_cursors (chain, cursor) VALUES ($1, $2)
     ON CONFLICT (chain) DO UPDATE SET cursor = EXCLUDED.cursor, updated_at = now()`,
    [name, cursor],
  );
}
