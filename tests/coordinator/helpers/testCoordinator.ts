/**
 * Starts a coordinator for one test on its own schema and Redis prefix (real Postgres/Redis when
 * DATABASE_URL/REDIS_URL are set, PGlite/in-process otherwise), port 0. close() stops it and drops
 * the schema.
 */
import { startCoordinator, type CoordinatorDeps, type RunningCoordinator } from '../../../coordinator/startCoordinator.ts';
import type { CoordinatorConfigInput } from '../../../coordinator/config.ts';
import { CoordinatorClient } from '../../../coordinator/client/CoordinatorClient.ts';
import type { Db } from '../../../coordinator/db/Db.ts';
import { openTestDb } from './testDb.ts';
import { randomPrefix } from './fixtures.ts';

export interface TestCoordinator extends RunningCoordinator {
  db: Db;
  admin: CoordinatorClient;
  /** Registers a worker and returns a client holding its token. */
  worker(id?: string): Promise<{ workerId: string; client: CoordinatorClient }>;
}

export async function startTestCoordinator(config: CoordinatorConfigInput = {}, deps: Omit<CoordinatorDeps, 'db'> = {}): Promise<TestCoordinator> {
  const db = await openTestDb();
  let coord: RunningCoordinator;
  try {
    coord = await startCoordinator(
      { PORT: 0, REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: randomPrefix(), SWEEP_INTERVAL_MS: 3_600_000, DEV_MODE: true, ...config },
      { ...deps, db },
    );
  } catch (e) {
    await db.close();
    throw e;
  }
  const admin = new CoordinatorClient({ baseUrl: coord.url, token: coord.adminToken, timeoutMs: 10_000 });
  return {
    ...coord,
    db,
    admin,
    async worker(id?: string) {
      const reg = await admin.registerWorker(id ? { workerId: id } : {});
      return { workerId: reg.workerId, client: admin.withToken(reg.token) };
    },
    async close() {
      try {
        await coord.close();
      } finally {
        await db.close();
      }
    },
  };
}

type Lazy<T> = T | (() => T);
const value = <T>(v: Lazy<T>): T => (typeof v === 'function' ? (v as () => T)() : v);

/**
 * The set-up most coordinator suites share: a coordinator started before each test (or, with
 * `scope: 'suite'`, once before the suite) and closed after it, handed to `use`. `config` and
 * `deps` may be functions, read when the coordinator starts (after the suite's own earlier hooks,
 * e.g. one that makes a fresh ManualClock or starts a keystore).
 */
export function coordinatorPerTest(
  use: (c: TestCoordinator) => void,
  config: Lazy<CoordinatorConfigInput> = {},
  deps: Lazy<Omit<CoordinatorDeps, 'db'>> = {},
  scope: 'test' | 'suite' = 'test',
): void {
  let running: TestCoordinator | undefined;
  (scope === 'test' ? beforeEach : before)(async () => {
    running = await startTestCoordinator(value(config), value(deps));
    use(running);
  });
  (scope === 'test' ? afterEach : after)(async () => {
    await running?.close();
    running = undefined;
  });
}
