/** The local chain's JSON-RPC in NEAR's shapes, as near-api-js and plain JSON-RPC clients see it. */
import assert from 'node:assert/strict';
import { actionCreators, createTransaction } from '@near-js/transactions';
import { baseDecode } from '@near-js/utils';
import { LocalNear } from '../../../contracts/near/local/index.ts';
import { NEAR } from './helpers.ts';

describe('near local chain: JSON-RPC', () => {
  let near: LocalNear;
  afterEach(async () => near?.close());

  it('serves status, blocks by finality/height/hash and their chunks', async () => {
    near = await LocalNear.start({ blockIntervalMs: 0 });
    near.produceBlock(3);
    const status = (await near.provider.sendJsonRpc('status', [])) as { chain_id: string; sync_info: { latest_block_height: number } };
    assert.equal(status.chain_id, 'localnet');
    assert.equal(status.sync_info.latest_block_height, near.height);
    const final = (await near.provider.block({ finality: 'final' })) as unknown as {
      header: { height: number; hash: string };
      chunks: { chunk_hash: string }[];
    };
    assert.equal(final.header.height, near.height, 'final immediately by default');
    const byHash = (await near.provider.block({ blockId: final.header.hash })) as unknown as { header: { height: number } };
    assert.equal(byHash.header.height, final.header.height);
    const chunk = (await near.provider.sendJsonRpc('chunk', { chunk_id: final.chunks[0]?.chunk_hash })) as { transactions: unknown[]; receipts: unknown[] };
    assert.deepEqual(chunk.transactions, []);
    await assert.rejects(near.provider.block({ blockId: 99999 }), /99999|not found|UNKNOWN_BLOCK/i);
  });

  it('rejects a reused nonce and a bad signature with NEAR error types near-api-js understands', async () => {
    near = await LocalNear.start();
    near.createAccount('alice.test', 10n * NEAR);
    near.createAccount('bob.test', 1n * NEAR);
    const alice = near.account('alice.test');
    await alice.transfer({ receiverId: 'bob.test', amount: 5n });
    assert.equal(near.viewAccount('bob.test')?.amount, 1n * NEAR + 5n);
    const key = (await alice.getAccessKey(await alice.getSigner()!.getPublicKey())) as { nonce: bigint | number };
    const signer = alice.getSigner()!;
    const block = await near.provider.block({ finality: 'final' });
    const stale = createTransaction(
      'alice.test',
      await signer.getPublicKey(),
      'bob.test',
      BigInt(key.nonce),
      [actionCreators.transfer(1n)],
      baseDecode(block.header.hash),
    );
    const [, signed] = await signer.signTransaction(stale);
    await assert.rejects(near.provider.sendTransaction(signed), (e: { type?: string }) => e.type === 'InvalidNonce');
    const fresh = createTransaction(
      'alice.test',
      await signer.getPublicKey(),
      'bob.test',
      BigInt(key.nonce) + 10n,
      [actionCreators.transfer(1n)],
      baseDecode(block.header.hash),
    );
    const [, bad] = await signer.signTransaction(fresh);
    const sig = (bad.signature as unknown as { ed25519Signature: { data: number[] } }).ed25519Signature.data;
    sig[0] = (sig[0] ?? 0) ^ 1;
    await assert.rejects(near.provider.sendTransaction(bad), /InvalidSignature|signature/i);
  });

  it('answers view_account/view_state/call errors in NEAR shapes', async () => {
    near = await LocalNear.start();
    near.createAccount('alice.test', 10n * NEAR);
    await assert.rejects(near.provider.viewAccount('ghost.test', { finality: 'final' }), /doesn't exist|does not exist/);
    const v = await near.provider.viewAccount('alice.test', { finality: 'final' });
    assert.equal(v.amount.toString(), (10n * NEAR).toString());
    await assert.rejects(near.provider.callFunction('alice.test', 'nope', {}), /CodeDoesNotExist|wasm execution failed/);
    const bad = await fetch(near.rpcUrl, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'no_such_method', params: [] }) });
    const body = (await bad.json()) as { error: { cause: { name: string }; code: number } };
    assert.equal(body.error.cause.name, 'METHOD_NOT_FOUND');
    assert.equal(body.error.code, -32601);
  });
});
