import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import type { ExecutionResponse, RequestRef } from '../../common/types/index.ts';
import type { ResolveSubmitter } from '../../common/ports/index.ts';
import { FailureResolver } from '../../coordinator/watcher/FailureResolver.ts';
import { createLogger } from '../../common/logger.ts';
import { ManualClock } from '../../common/clock/index.ts';
import { coordinatorPerTest, startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { okResponse, sampleRequest, sha256, wasmModule, wasmUrlRequest } from './helpers/fixtures.ts';

// Long enough that real time never expires a lease during a test: only the manual clock does.
const LEASE_MS = 60_000;

class RecordingSubmitter implements ResolveSubmitter {
  readonly calls: Array<{ ref: RequestRef; response: ExecutionResponse }> = [];
  private called!: () => void;
  /** Settles at the first resolve: the background resolver is awaited, not polled for. */
  readonly firstCall = new Promise<void>((r) => (this.called = r));
  async resolve(ref: RequestRef, response: ExecutionResponse) {
    this.calls.push({ ref, response });
    this.called();
    return { txHash: `tx-${this.calls.length}`, alreadyResolved: false };
  }
}

describe('coordinator leases, fencing and failures', () => {
  let c!: TestCoordinator;
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
  });
  coordinatorPerTest(
    (started) => (c = started),
    { LEASE_MS, MAX_ATTEMPTS: 2 },
    () => ({ clock }),
  );

  it('an expired lease returns the job; the late complete is refused (409, nothing changed); the request completes once', async () => {
    const mod = wasmModule('lease');
    await c.service.cache.upload(sha256(mod), mod);
    await c.service.record(wasmUrlRequest(1, sha256(mod)));
    const first = (await c.service.claim('slow'))!;
    assert.deepEqual(
      first.jobs.map((j) => j.type),
      ['execute'],
      'a prebuilt module already cached needs no compile',
    );
    assert.equal(first.wasmSha256, sha256(mod));
    const exec1 = first.jobs.find((j) => j.type === 'execute')!;
    clock.advance(LEASE_MS);
    assert.deepEqual(await c.service.sweep(), { requeued: [], failed: [] }, 'nothing expired yet: the lease ends at its last millisecond');
    clock.advance(1);
    await assert.rejects(c.service.heartbeat(exec1.id, 'slow'), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    const swept = await c.service.sweep();
    assert.deepEqual(swept.requeued, [first.request.id]);

    const second = (await c.service.claim('fast'))!;
    assert.equal(second.request.id, first.request.id);
    const exec2 = second.jobs.find((j) => j.type === 'execute')!;
    assert.equal(exec2.id, exec1.id, 'same job row, re-leased');
    assert.equal(exec2.attempts, 1, 'attempts+1 after the expiry');

    await assert.rejects(c.service.completeExecute(exec1.id, 'slow', { response: okResponse }), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    await assert.rejects(c.service.fail(exec1.id, 'slow', { error: { code: 'X', message: 'late' } }), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    const mid = await c.admin.getRequest(first.request.id);
    assert.equal(mid.status, 'claimed');
    assert.equal(mid.claimedBy, 'fast');

    const { leaseUntil } = await c.service.heartbeat(exec2.id, 'fast');
    assert.equal(Date.parse(leaseUntil), clock.now().getTime() + LEASE_MS, "the lease runs from the clock's now");
    await c.service.completeExecute(exec2.id, 'fast', { response: okResponse });
    await assert.rejects(c.service.completeExecute(exec2.id, 'fast', { response: okResponse }), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    const done = await c.admin.getRequest(first.request.id);
    assert.equal(done.status, 'done');
    const events = await c.admin.requestEvents(first.request.id);
    assert.equal(events.filter((e) => e.kind === 'job_completed').length, 1, 'completed once');
  });

  it('heartbeats keep a lease alive past its original expiry', async () => {
    await c.service.record(sampleRequest(2));
    const claim = (await c.service.claim('w'))!;
    for (let i = 0; i < 4; i++) {
      clock.advance(LEASE_MS / 2);
      await c.service.heartbeat(claim.jobs[0]!.id, 'w');
    }
    // Twice the original lease has passed.
    assert.deepEqual(await c.service.sweep(), { requeued: [], failed: [] });
    // The execute job's lease moved with the compile heartbeat.
    const { rows } = await c.db.query<{ ok: boolean }>(`SELECT bool_and(lease_until > $1::timestamptz) AS ok FROM jobs WHERE locked_by = 'w'`, [clock.now()]);
    assert.equal(rows[0]!.ok, true);
    clock.advance(LEASE_MS + 1);
    assert.deepEqual((await c.service.sweep()).requeued, [claim.request.id], 'without heartbeats the lease runs out');
  });

  it('after MAX_ATTEMPTS expiries the request fails with the last error and is resolved on-chain once with it', async () => {
    const { record } = await c.service.record(sampleRequest(3));
    for (let attempt = 0; attempt < 2; attempt++) {
      assert.ok(await c.service.claim(`w${attempt}`));
      clock.advance(LEASE_MS + 1);
      await c.service.sweep();
    }
    const failed = await c.admin.getRequest(record.id);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, 2);
    assert.match(failed.lastError!, /COORDINATOR__LEASE_EXPIRED/);
    assert.equal(await c.service.claim('w9'), null, 'a failed request is not claimable');
    const listed = await c.admin.listRequests({ unresolvedFailures: true });
    assert.deepEqual(
      listed.map((r) => r.id),
      [record.id],
    );

    const submitter = new RecordingSubmitter();
    const resolver = new FailureResolver(c.db, submitter, createLogger({ service: 'test' }));
    await resolver.tick();
    await resolver.tick();
    assert.equal(submitter.calls.length, 1, 'resolved once');
    const call = submitter.calls[0]!;
    assert.deepEqual(call.ref, { chain: 'near', contractId: 'errand.test', requestId: '3' });
    assert.equal(call.response.success, false);
    assert.equal(call.response.error!.code, 'COORDINATOR__REQUEST_FAILED');
    assert.match(call.response.error!.message, /LEASE_EXPIRED/);
    const after = await c.admin.getRequest(record.id);
    assert.ok(after.failureResolvedAt);
    assert.equal(after.resolveTx, 'tx-1');
    assert.deepEqual(await c.admin.listRequests({ unresolvedFailures: true }), []);
  });

  it('a reported failure requeues (retryable) or fails at once (permanent)', async () => {
    const { record: r1 } = await c.service.record(sampleRequest(4));
    const cl = (await c.service.claim('w'))!;
    const out = await c.service.fail(cl.jobs[0]!.id, 'w', { error: { code: 'WORKER__NETWORK', message: 'blip' } });
    assert.deepEqual(out, { requestId: r1.id, requestStatus: 'queued', attempts: 1 });
    const again = (await c.service.claim('w2'))!;
    assert.equal(again.request.id, r1.id);
    const perm = await c.service.fail(again.jobs[0]!.id, 'w2', { error: { code: 'WORKER__BUILD_FAILED', message: 'syntax error' }, retryable: false });
    assert.equal(perm.requestStatus, 'failed');
    const rec = await c.admin.getRequest(r1.id);
    assert.equal(rec.status, 'failed');
    assert.match(rec.lastError!, /WORKER__BUILD_FAILED: syntax error/);
  });

  it('the running coordinator resolves failed requests through the injected ResolveSubmitter', async () => {
    const submitter = new RecordingSubmitter();
    const c2 = await startTestCoordinator({ RESOLVER_INTERVAL_MS: 20 }, { resolveSubmitter: submitter });
    try {
      await c2.service.record(sampleRequest(5));
      const cl = (await c2.service.claim('w'))!;
      await c2.service.fail(cl.jobs[0]!.id, 'w', { error: { code: 'WORKER__BUILD_FAILED', message: 'nope' }, retryable: false });
      await submitter.firstCall;
      assert.equal(submitter.calls.length, 1);
      assert.equal(submitter.calls[0]!.response.success, false);
    } finally {
      await c2.close();
    }
  });
});
