/**
 * threadReady: a TypeScript thread's start-up answer is picked out of its messages; a thread that
 * exits first is reported through the caller's error and does not linger.
 */
import assert from 'node:assert/strict';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { startTsThread, threadReady } from '../../common/threads/startTsThread.ts';

const ENTRY = new URL('./fixtures/threadAnswering.ts', import.meta.url);
type Msg = { kind: 'hello' } | { kind: 'ready'; port: number };
const portOf = (m: Msg): number | undefined => (m.kind === 'ready' ? m.port : undefined);
const failed = (reason: string): ErrandError => new ErrandError('COMMON__UNAVAILABLE', `test thread: ${reason}`, { service: 'test thread', reason });

describe('common/threads: threadReady', function () {
  this.timeout(20_000);

  it('resolves with the first message ready accepts, leaving no listener behind', async () => {
    const thread = startTsThread(ENTRY, { workerData: { exitEarly: false } });
    try {
      assert.equal(await threadReady(thread, portOf, failed), 42);
      assert.deepEqual([thread.listenerCount('message'), thread.listenerCount('error'), thread.listenerCount('exit')], [0, 0, 0]);
    } finally {
      await thread.terminate();
    }
  });

  it("rejects with the caller's coded error when the thread exits before answering", async () => {
    const thread = startTsThread(ENTRY, { workerData: { exitEarly: true } });
    await assert.rejects(threadReady(thread, portOf, failed), (e) => isErrandError(e, 'COMMON__UNAVAILABLE') && /exited with code 3/.test(e.message));
    assert.equal(thread.threadId, -1, 'the thread is gone');
  });
});
