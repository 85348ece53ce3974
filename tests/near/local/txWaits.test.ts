/**
 * send_tx waits (contracts/near/local/rpc/txMethods.ts) end exactly when the transaction reaches
 * its wait_until level: with the head final at once, and with a finality lag (where a block that
 * does not touch the transaction still moves it, by making its blocks final).
 */
import assert from 'node:assert/strict';
import { actionCreators } from '@near-js/transactions';
import { LocalNear } from '../../../contracts/near/local/index.ts';
import { NEAR } from './helpers.ts';

interface FinalOutcome {
  final_execution_status: string;
  transaction_outcome: { block_hash: string };
  receipts_outcome: { block_hash: string }[];
}

async function sendWaiting(
  near: LocalNear,
  from: string,
  to: string,
  waitUntil: string,
): Promise<{ settledAt: () => number | null; result: Promise<FinalOutcome> }> {
  const signed = await near.account(from).createSignedTransaction(to, [actionCreators.transfer(1n)]);
  let at: number | null = null;
  const result = near.provider.sendJsonRpc<FinalOutcome>('send_tx', {
    signed_tx_base64: Buffer.from(signed.encode()).toString('base64'),
    wait_until: waitUntil,
  });
  void result.then(() => {
    at = near.height;
  });
  return { settledAt: () => at, result };
}

async function produceUntil(near: LocalNear, done: () => boolean): Promise<void> {
  for (let i = 0; i < 20 && !done(); i++) {
    near.produceBlock();
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function lastOutcomeHeight(near: LocalNear, o: FinalOutcome): Promise<number> {
  const heights = await Promise.all(
    [o.transaction_outcome, ...o.receipts_outcome].map(
      async (x) => ((await near.provider.block({ blockId: x.block_hash })) as unknown as { header: { height: number } }).header.height,
    ),
  );
  return Math.max(...heights);
}

describe('near local chain: send_tx waits', () => {
  let near: LocalNear;
  afterEach(async () => near?.close());

  for (const lag of [0, 2]) {
    it(`answers FINAL once the last outcome's block is final (finality lag ${lag})`, async () => {
      near = await LocalNear.start({ blockIntervalMs: 0, finalityLagBlocks: lag });
      near.createAccount('alice.test', 10n * NEAR);
      near.createAccount('bob.test', 10n * NEAR);
      near.produceBlock(lag + 1);
      const other = await sendWaiting(near, 'bob.test', 'alice.test', 'EXECUTED_OPTIMISTIC');
      const tx = await sendWaiting(near, 'alice.test', 'bob.test', 'FINAL');
      await produceUntil(near, () => tx.settledAt() !== null);
      const outcome = await tx.result;
      assert.equal(outcome.final_execution_status, 'FINAL');
      assert.equal(tx.settledAt(), (await lastOutcomeHeight(near, outcome)) + lag, 'settles in the block that makes the last outcome final');
      assert.ok(other.settledAt() !== null && other.settledAt()! <= tx.settledAt()!);
    });
  }
});
