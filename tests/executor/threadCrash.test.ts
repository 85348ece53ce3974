/**
 * A pool thread that dies anyway (its heap limit, an exit) is a verdict for the job it ran, never
 * a crash of the parent: the pool replaces it and the next job runs on a fresh thread.
 */
import assert from 'node:assert/strict';
import { ThreadPool } from '../../worker/executor/pool/ThreadPool.ts';

type Job = { id: number; what: string };
type Reply = { id: number; echo: string };

describe('executor: pool threads that die', () => {
  let pool: ThreadPool<Job, Reply> | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('a thread that runs out of heap or exits is a crashed verdict, and the pool keeps serving', async () => {
    pool = new ThreadPool<Job, Reply>(1, {
      entry: new URL('./helpers/crashingThread.ts', import.meta.url),
      resourceLimits: { maxOldGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    const oom = await pool.run({ id: 1, what: 'oom' }, 60_000);
    assert.equal(oom.kind, 'crashed');
    assert.match(oom.kind === 'crashed' ? oom.reason : '', /out of memory/i);
    const exit = await pool.run({ id: 2, what: 'exit' }, 60_000);
    assert.equal(exit.kind, 'crashed');
    const echo = await pool.run({ id: 3, what: 'hello' }, 60_000);
    assert.deepEqual(echo, { kind: 'reply', reply: { id: 3, echo: 'hello' } });
  });
});
