/** The requester's callback: resolve_execution invokes the recorded program by CPI in the same
 * transaction, signed by Errand's callback authority; a failing callback fails the resolve unless
 * the worker passes skip_callback; accounts that differ from the request's record are refused.
 * The callback program is tests/solana/callback/recorder.c, built here with the program's toolchain. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BorshCoder } from '@coral-xyz/anchor';
import { Keypair, type PublicKey } from '@solana/web3.js';
import { isErrandError } from '../../common/errors/index.ts';
import { resultToAnchor } from '../../contracts/solana/client/anchorShapes.ts';
import {
  callbackAuthorityAddress,
  ERRAND_IDL,
  settle,
  workerAddress,
  type CallbackSpec,
  type ErrandSolanaClient,
  type ExecutionResult,
  type RequestView,
} from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { buildRecorder, deployRecorder, hasClang, recordAccount } from './callback/recorder.ts';
import { balance, LIMITS, rejectsWith, SOURCE, startWithWorker } from './helpers.ts';
import type { EventData } from './helpers.ts';

const pays = (v: RequestView) => settle(v.pricing, v.limits, v.deposit, v.protocolFeeBps, true, RESULT.resourcesUsed);
const RESULT: ExecutionResult = {
  success: true,
  resourcesUsed: { instructions: 2_000_000n, timeMs: 30n, compileTimeMs: 5n },
  output: { kind: 'inline', data: Buffer.from('{"answer":42}') },
  error: '',
};

describe('solana program: callback', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let requester: Keypair;
  let worker: Keypair;
  let client: ErrandSolanaClient;
  let workerClient: ErrandSolanaClient;
  let recorder: PublicKey;

  before(async function () {
    if (!hasClang) this.skip();
    const so = buildRecorder();
    ({ local, requester, worker, client, workerClient } = await startWithWorker());
    recorder = deployRecorder(local, so);
  });
  after(async () => {
    await local?.stop();
  });

  const request = (callback: CallbackSpec) =>
    client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('in') }, limits: LIMITS, callback });
  const record = async (key: PublicKey) => Buffer.from((await local.connection().getAccountInfo(key, 'confirmed'))!.data);
  const resolved = (logs: { events: { name: string; data: unknown }[] }) => logs.events.find((e) => e.name === 'executionResolved')!.data as EventData;

  it('invokes the callback in the resolve transaction with the result, signed by the callback authority', async () => {
    const rec = await recordAccount(local, requester, recorder, 0);
    const sent = await request({ programId: recorder, accounts: [{ pubkey: rec, writable: true }] });
    const view = (await client.getRequest(sent.request))!;
    assert.equal(view.callback?.programId.toBase58(), recorder.toBase58());
    assert.deepEqual(
      view.callback?.accounts.map((a) => [a.pubkey.toBase58(), a.writable]),
      [[rec.toBase58(), true]],
    );

    const w0 = await balance(local, worker.publicKey);
    const res = await workerClient.resolveExecution(sent.request, requester.publicKey, RESULT);
    const ev = resolved(res);
    assert.equal(ev.callbackInvoked, true);
    assert.equal(ev.callbackSkipped, false);
    assert.ok(res.logs.includes(`Program ${recorder.toBase58()} invoke [2]`), res.logs.join('\n'));
    const s = pays(view);
    assert.equal(await balance(local, worker.publicKey), w0 + s.workerPayment - 5000n);

    const d = await record(rec);
    assert.equal(d[1], 1, 'called once');
    assert.deepEqual(d.subarray(2, 34), callbackAuthorityAddress(local.programId).toBuffer());
    assert.equal(d[34], 1, 'the callback authority signed');
    const len = d.readUInt32LE(35);
    const data = d.subarray(39, 39 + len);
    assert.deepEqual(data.subarray(0, 8), createHash('sha256').update('global:errand_callback').digest().subarray(0, 8));
    const args = new BorshCoder(ERRAND_IDL).types.decode('ErrandCallbackArgs', data.subarray(8)) as EventData;
    assert.equal(args.request.toBase58(), sent.request.toBase58());
    assert.equal(args.request_id.toString(), sent.requestId.toString());
    assert.equal(args.success, true);
    assert.equal(args.resources_used.instructions.toString(), '2000000');
    assert.equal(args.resources_used.time_ms.toString(), '30');
    assert.equal(Buffer.from(args.output.Inline.data).toString(), '{"answer":42}');
    assert.equal(args.error, '');
  });

  it('a failing callback fails the resolve (nothing moves) unless the worker sets skip_callback (the client does when simulation shows the callback failing)', async () => {
    const rec = await recordAccount(local, requester, recorder, 1);
    const sent = await request({ programId: recorder, accounts: [{ pubkey: rec, writable: true }] });
    const w0 = await balance(local, worker.publicKey);
    await assert.rejects(workerClient.resolveExecution(sent.request, requester.publicKey, { ...RESULT, skipCallback: false }), (e: unknown) => {
      assert.ok(isErrandError(e, 'CHAIN__TX_FAILED'));
      assert.equal(e.context.kind, 'Custom42');
      return true;
    });
    assert.ok(await client.getRequest(sent.request), 'the request is still open');
    assert.ok((await balance(local, worker.publicKey)) <= w0, 'the worker was not paid');

    const view = (await client.getRequest(sent.request))!;
    // The client's default: simulate, see the callback program fail, resolve with skip_callback.
    const res = await workerClient.resolveExecution(sent.request, requester.publicKey, RESULT);
    const ev = resolved(res);
    assert.equal(ev.callbackInvoked, false);
    assert.equal(ev.callbackSkipped, true);
    assert.equal(ev.workerPayment.toString(), pays(view).workerPayment.toString());
    assert.equal(await client.getRequest(sent.request), null);
    assert.equal((await record(rec))[1], 0, 'the callback never ran');
    assert.ok(!res.logs.some((l) => l.includes(`Program ${recorder.toBase58()} invoke`)));
  });

  it('a callback that exhausts the compute budget is skipped the same way', async () => {
    const rec = await recordAccount(local, requester, recorder, 2);
    const sent = await request({ programId: recorder, accounts: [{ pubkey: rec, writable: true }] });
    await assert.rejects(workerClient.resolveExecution(sent.request, requester.publicKey, { ...RESULT, skipCallback: false }), (e: unknown) =>
      isErrandError(e),
    );
    assert.ok(await client.getRequest(sent.request), 'the request is still open');
    const ev = resolved(await workerClient.resolveExecution(sent.request, requester.publicKey, RESULT));
    assert.deepEqual([ev.callbackInvoked, ev.callbackSkipped], [false, true]);
  });

  it('skip_callback set by the worker skips a working callback; the event says so', async () => {
    const rec = await recordAccount(local, requester, recorder, 0);
    const sent = await request({ programId: recorder, accounts: [{ pubkey: rec, writable: false }] });
    const ev = resolved(await workerClient.resolveExecution(sent.request, requester.publicKey, { ...RESULT, skipCallback: true }));
    assert.deepEqual([ev.callbackInvoked, ev.callbackSkipped], [false, true]);
    assert.equal((await record(rec))[1], 0);
    const plain = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('in') }, limits: LIMITS });
    const ev2 = resolved(await workerClient.resolveExecution(plain.request, requester.publicKey, { ...RESULT, skipCallback: true }));
    assert.deepEqual([ev2.callbackInvoked, ev2.callbackSkipped], [false, false], 'no callback: nothing to skip');
  });

  it("refuses callback accounts that differ from the request's record", async () => {
    const rec = await recordAccount(local, requester, recorder, 0);
    const other = await recordAccount(local, requester, recorder, 0);
    const sent = await request({ programId: recorder, accounts: [{ pubkey: rec, writable: true }] });
    const auth = callbackAuthorityAddress(local.programId);
    const meta = (pubkey: PublicKey, isWritable = false) => ({ pubkey, isSigner: false, isWritable });
    const attempt = async (remaining: ReturnType<typeof meta>[]) => {
      const ix = await workerClient.program.methods
        .resolveExecution(...resultToAnchor(RESULT))
        .accountsPartial({
          authority: worker.publicKey,
          worker: workerAddress(local.programId, worker.publicKey),
          config: workerClient.config,
          request: sent.request,
          requester: requester.publicKey,
        })
        .remainingAccounts(remaining)
        .instruction();
      return workerClient.sender.send(ix, worker);
    };
    await rejectsWith(attempt([]), 'WrongCallbackAccounts');
    await rejectsWith(attempt([meta(recorder), meta(auth), meta(other, true)]), 'WrongCallbackAccounts');
    await rejectsWith(attempt([meta(recorder), meta(auth), meta(rec, false)]), 'WrongCallbackAccounts');
    await rejectsWith(attempt([meta(recorder), meta(Keypair.generate().publicKey), meta(rec, true)]), 'WrongCallbackAccounts');
    await rejectsWith(attempt([meta(Keypair.generate().publicKey), meta(auth), meta(rec, true)]), 'WrongCallbackAccounts');
    assert.equal((await record(rec))[1], 0);
    const ok = await attempt([meta(recorder), meta(auth), meta(rec, true)]);
    assert.equal(resolved(ok).callbackInvoked, true);
    assert.equal((await record(rec))[1], 1);
  });

  it('refuses an invalid callback spec at request time', async () => {
    const acc = (n: number) => Array.from({ length: n }, () => ({ pubkey: Keypair.generate().publicKey, writable: false }));
    await rejectsWith(request({ programId: local.programId, accounts: [] }), 'InvalidCallback');
    await rejectsWith(request({ programId: recorder, accounts: acc(4) }), 'InvalidCallback');
    const three = await request({ programId: recorder, accounts: acc(3) });
    assert.equal((await client.getRequest(three.request))?.callback?.accounts.length, 3);
  });
});
