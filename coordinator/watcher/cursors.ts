/** The last processed position of each chain watcher (stored with its events: chainBatch.ts). */
import type { Queryable } from '../db/Db.ts';

export async function readCursor(q: Queryable, name: string, signal?: AbortSignal): Promise<string | null> {
  const { rows } = await q.query<{ cursor: string }>(`SELECT cursor FROM chain_cursors WHERE chain = $1`, [name], { signal });
  return rows[0]?.cursor ?? null;
}
