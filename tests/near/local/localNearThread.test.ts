/**
 * The local chain in its own worker thread: reachable over JSON-RPC like the in-thread LocalNear,
 * accounts keyed in the owner's thread, coded errors from the chain thread, blocks and accepted
 * transactions forwarded to observers, and a clean stop after which calls fail with a code.
 */
import assert from 'node:assert/strict';
import { actionCreators } from '@near-js/transactions';
import { isErrandError } from '../../../common/errors/index.ts';
import { TxSender } from '../../../contracts/near/client/index.ts';
import { LocalNearThread } from '../../../contracts/near/local/thread/LocalNearThread.ts';
import type { BlockObservation, TxObservation } from '../../../contracts/near/local/thread/protocol.ts';

const NEAR = 10n ** 24n;

describe('near local chain in a worker thread', function () {
  this.timeout(20_000);
  let near: LocalNearThread;
  const blocks: BlockObservation[] = [];
  const txs: TxObservation[] = [];

  before(async () => {
    near = await LocalNearThread.start({ blockIntervalMs: 5, observe: true });
    near.onBlock((b) => blocks.push(b));
    near.onTxSubmitted((t) => txs.push(t));
  });
  after(async () => {
    await near?.close();
  });

  it('creates accounts whose keys the owner holds, visible over RPC', async () => {
    await near.createAccount('alice.local', 7n * NEAR);
    assert.match(near.secretKeyOf('alice.local'), /^ed25519:/);
    const view = (await near.provider.query({ request_type: 'view_account', finality: 'final', account_id: 'alice.local' })) as unknown as { amount: string };
    assert.equal(view.amount, String(7n * NEAR));
  });

  it("answers a bad call with the chain thread's coded error", async () => {
    await assert.rejects(near.createAccount('Not An Id', 1n), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
    assert.throws(
      () => near.secretKeyOf('nobody.local'),
      (e) => isErrandError(e, 'CHAIN__ACCOUNT_NOT_FOUND'),
    );
  });

  it('forwards accepted transactions and the blocks that ran them', async () => {
    await near.createAccount('bob.local', 3n * NEAR);
    const sender = new TxSender({ provider: near.provider, accountId: 'alice.local', secretKey: near.secretKeyOf('alice.local') });
    const out = await sender.send('bob.local', [actionCreators.transfer(NEAR)]);
    const tx = txs.find((t) => t.hash === out.txHash);
    assert.ok(tx, 'the transfer was observed when the chain accepted it');
    assert.equal(tx.receiverId, 'bob.local');
    assert.ok(Math.abs(tx.atMs - Date.now()) < 5_000, 'stamped with the wall clock');
    const receiptIds = new Set(out.receipts_outcome.map((r) => r.id));
    assert.ok(
      blocks.some((b) => b.receipts.some((r) => receiptIds.has(r.receiptId) && r.receiverId === 'bob.local')),
      "the receipt's block was observed",
    );
    const heights = blocks.map((b) => b.height);
    assert.deepEqual(
      heights,
      [...heights].sort((a, b) => a - b),
      'blocks arrive in height order',
    );
  });

  it('refuses calls once closed, with a code', async () => {
    const other = await LocalNearThread.start({ blockIntervalMs: 0 });
    await other.close();
    await assert.rejects(other.createAccount('late.local', 1n), (e) => isErrandError(e, 'CHAIN__LOCAL_CHAIN_STOPPED'));
  });
});
