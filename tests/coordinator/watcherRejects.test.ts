/**
 * Issue 12, item 1 (and the file:// part of item 10): the watcher never stalls on one event. A NUL
 * input is recorded byte for byte; a request it will not run is recorded as rejected (failed, with
 * its code and reason in the ledger) and resolved on-chain as a failure; the cursor always moves.
 */
import assert from 'node:assert/strict';
import type { ResolveSubmitter } from '../../common/ports/index.ts';
import { requestInputBytes, requestInputFromBytes, type ExecutionResponse, type RequestRef } from '../../common/types/index.ts';
import { createLogger } from '../../common/logger.ts';
import { findByRef } from '../../coordinator/ledger/requestsRepo.ts';
import { listEvents } from '../../coordinator/ledger/events.ts';
import { FakeChainWatcher } from '../../coordinator/testing/FakeChainWatcher.ts';
import { FailureResolver } from '../../coordinator/watcher/FailureResolver.ts';
import { WatcherRunner } from '../../coordinator/watcher/WatcherRunner.ts';
import { readCursor } from '../../coordinator/watcher/cursors.ts';
import type { CoordinatorService } from '../../coordinator/service/CoordinatorService.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest, wasmUrlRequest } from './helpers/fixtures.ts';

const log = createLogger({ service: 'test' });
const ref = (i: number): RequestRef => ({ chain: 'near', contractId: 'errand.test', requestId: String(i) });

class RecordingSubmitter implements ResolveSubmitter {
  readonly resolved: Array<{ requestId: string; response: ExecutionResponse }> = [];
  async resolve(r: RequestRef, response: ExecutionResponse) {
    this.resolved.push({ requestId: r.requestId, response });
    return { txHash: `tx-${r.requestId}`, alreadyResolved: false };
  }
}

describe('coordinator watcher: one event never stalls intake (issue 12)', () => {
  let c: TestCoordinator;
  beforeEach(async () => {
    c = await startTestCoordinator({ DEV_MODE: false });
  });
  afterEach(async () => {
    await c.close();
  });

  it('a NUL input followed by an ordinary request: both recorded, the input byte for byte', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: true });
    const odd = 'a\u0000b \u{1F600} \u00e9';
    fake.push(
      { kind: 'execution_requested', request: sampleRequest(1, { input: odd }), blockHeight: 101 },
      { kind: 'execution_requested', request: sampleRequest(2), blockHeight: 102 },
    );
    const t = await runner.tick();
    assert.deepEqual(t, { events: 2, recorded: 2, completed: 0, invalid: 0, rejected: 0 });
    assert.equal(await readCursor(c.db, 'near'), '2');
    assert.equal((await findByRef(c.db, ref(1)))?.input, odd);
    // And through the HTTP API to a worker (JSON), unchanged.
    const { client } = await c.worker('w1');
    const claim = await client.claim();
    assert.equal(claim?.request.input, odd);
  });

  it('input bytes that are not UTF-8: recorded byte for byte, given to the worker as inputBase64', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: true });
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x80]);
    fake.push(
      { kind: 'execution_requested', request: sampleRequest(1, requestInputFromBytes(bytes)), blockHeight: 101 },
      // A base64 spelling of UTF-8 bytes is not the canonical one: invalid, not silently re-read.
      { kind: 'execution_requested', request: sampleRequest(2, { input: '', inputBase64: 'aGk=' }), blockHeight: 102 },
    );
    const t = await runner.tick();
    assert.deepEqual(t, { events: 2, recorded: 1, completed: 0, invalid: 1, rejected: 1 });
    const stored = await findByRef(c.db, ref(1));
    assert.deepEqual([stored?.input, stored?.inputBase64], ['', '/wD+gA==']);
    const { rows } = await c.db.query<{ hex: string }>(`SELECT encode(input, 'hex') AS hex FROM requests WHERE request_id = '1'`);
    assert.equal(rows[0]?.hex, 'ff00fe80');
    const { client } = await c.worker('w1');
    const claim = await client.claim();
    assert.deepEqual(requestInputBytes(claim!.request), bytes);
  });

  it('rejected, invalid and refused requests are recorded as failed with a reason, resolved on-chain as failures; the cursor moves on', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log, allowFileSources: false });
    fake.push(
      { kind: 'execution_rejected', ref: ref(3), reason: 'request 3 has no stored input', blockHeight: 103 },
      { kind: 'execution_requested', request: sampleRequest(4, { deposit: 'lots' }), blockHeight: 104 },
      { kind: 'execution_requested', request: sampleRequest(5), blockHeight: 105 }, // file:// outside development
      { kind: 'execution_rejected', ref: null, reason: 'malformed errand event', blockHeight: 106 },
      { kind: 'execution_requested', request: wasmUrlRequest(7, 'ab'.repeat(32)), blockHeight: 107 },
    );
    const t = await runner.tick();
    assert.deepEqual(t, { events: 5, recorded: 1, completed: 0, invalid: 3, rejected: 3 });
    assert.equal(await readCursor(c.db, 'near'), '5');
    const codes: Record<number, string> = { 3: 'COORDINATOR__REQUEST_REJECTED', 4: 'COORDINATOR__REQUEST_REJECTED', 5: 'COORDINATOR__SOURCE_NOT_ALLOWED' };
    for (const [i, code] of Object.entries(codes)) {
      const r = await findByRef(c.db, ref(Number(i)));
      assert.equal(r?.status, 'failed', `request ${i}`);
      assert.equal(r?.rejectCode, code);
      const [ev] = await listEvents(c.db, r!.id);
      assert.equal(ev?.kind, 'rejected');
      assert.equal(ev?.data['code'], code);
      assert.ok(String(ev?.data['reason']).length > 0);
    }
    assert.match((await findByRef(c.db, ref(4)))!.lastError!, /deposit/);
    assert.equal((await findByRef(c.db, ref(7)))?.status, 'queued', 'the ordinary request after them is recorded');
    const { rows } = await c.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE kind = 'invalid_chain_event'`);
    assert.equal(rows[0]!.n, 1, 'the event without a request id is kept in the event log');

    // The failure path resolves them on-chain (success: false: the contract refunds all but the base fee).
    const submitter = new RecordingSubmitter();
    await new FailureResolver(c.db, submitter, log).tick();
    assert.deepEqual(submitter.resolved.map((x) => x.requestId).sort(), ['3', '4', '5']);
    for (const { requestId, response } of submitter.resolved) {
      assert.equal(response.success, false);
      assert.equal(response.error?.code, codes[Number(requestId)]);
      assert.match(response.error!.message, /^rejected: /);
    }
    assert.deepEqual(await c.admin.listRequests({ unresolvedFailures: true }), []);

    // Redelivery records nothing twice.
    fake.redeliver = 5;
    assert.equal((await runner.tick()).rejected, 0);
  });

  it('a long reason full of control characters is fitted to what the contract accepts (512 bytes, no controls)', async () => {
    const fake = new FakeChainWatcher();
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service: c.service, log });
    fake.push({ kind: 'execution_rejected', ref: ref(13), reason: 'bad \u0001\u0000\u001b é'.repeat(400), blockHeight: 113 });
    await runner.tick();
    const submitter = new RecordingSubmitter();
    await new FailureResolver(c.db, submitter, log).tick();
    const message = submitter.resolved[0]!.response.error!.message;
    assert.ok(Buffer.byteLength(message) <= 512, `${Buffer.byteLength(message)} bytes`);
    assert.doesNotMatch(message, /[\u0000-\u0008\u000b-\u001f\u007f]/);
    assert.match(message, /^rejected: bad /);
  });

  it('POST /v1/requests refuses a file:// source outside development mode with a coded 422', async () => {
    await assert.rejects(c.admin.createRequest(sampleRequest(8)), (e: { code?: string }) => e.code === 'COORDINATOR__SOURCE_NOT_ALLOWED');
    await assert.rejects(c.admin.createRequest(sampleRequest(9, { input: 'x\ud800' })), (e: { code?: string }) => e.code === 'COMMON__MALFORMED_STRING');
  });

  it('a batch Postgres refuses is recorded request by request; the one it still refuses is rejected, the rest recorded', async () => {
    const fake = new FakeChainWatcher();
    const dataError = Object.assign(new Error('invalid byte sequence'), { code: '22021' });
    const service = Object.create(c.service) as CoordinatorService;
    service.recordChainBatch = async (b) => {
      if (b.requested.length > 0) throw dataError;
      return c.service.recordChainBatch(b);
    };
    service.record = async (r) => {
      if (r.requestId === '11') throw dataError;
      return c.service.record(r);
    };
    const runner = new WatcherRunner({ name: 'near', watcher: fake, service, log, allowFileSources: true });
    fake.push(
      { kind: 'execution_requested', request: sampleRequest(10), blockHeight: 110 },
      { kind: 'execution_requested', request: sampleRequest(11), blockHeight: 111 },
      { kind: 'execution_requested', request: sampleRequest(12), blockHeight: 112 },
    );
    const t = await runner.tick();
    assert.deepEqual(t, { events: 3, recorded: 2, completed: 0, invalid: 0, rejected: 1 });
    assert.equal(await readCursor(c.db, 'near'), '3');
    assert.equal((await findByRef(c.db, ref(11)))?.status, 'failed');
    assert.match((await findByRef(c.db, ref(11)))!.lastError!, /invalid byte sequence/);
    for (const i of [10, 12]) assert.equal((await findByRef(c.db, ref(i)))?.status, 'queued');
  });
});
