/** CPU figures of the coordinator benchmarks: Postgres backends by application name (/proc), load average. */
import { readFile } from 'node:fs/promises';
import type { Db } from '../../coordinator/db/Db.ts';

/** CPU clock ticks used so far by each Postgres backend serving `appName` that /proc shows (none when remote). */
export async function backendCpuTicks(db: Db, appName: string): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [appName]);
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null); // remote server, or a backend just gone
    const fields = stat?.split(') ')[1]?.split(' ');
    if (fields) ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime + stime
  }
  return ticks;
}

/** Backend CPU microseconds between two snapshots (USER_HZ = 100), over the backends in both; null if none. */
export function backendCpuUs(before: Map<number, number>, after: Map<number, number>): number | null {
  let ticks = 0;
  let seen = 0;
  for (const [pid, t] of after) {
    const t0 = before.get(pid);
    if (t0 === undefined) continue;
    ticks += t - t0;
    seen++;
  }
  return seen > 0 ? ticks * 10_000 : null;
}

export const loadAverage = async (): Promise<string> => (await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' ');
