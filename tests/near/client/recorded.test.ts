/** The RPC paths of the chain reader and watcher against recorded responses in NEAR's documented shapes. */
import assert from 'node:assert/strict';
import { NearChainReader, NearChainWatcher, nearProvider } from '../../../contracts/near/client/index.ts';
import { startRecordedRpc } from './recordedRpc.ts';

describe('near client against recorded RPC responses', () => {
  let rpc: Awaited<ReturnType<typeof startRecordedRpc>>;
  beforeEach(async () => {
    rpc = await startRecordedRpc('testnet.json');
  });
  afterEach(async () => rpc.close());

  it('reads balances, FT balances and NFT ownership', async () => {
    const reader = new NearChainReader(nearProvider(rpc.url));
    assert.equal(await reader.getBalance('rich.testnet'), 399992611103597728750000000n);
    assert.equal(await reader.getBalance('ghost.testnet'), 0n);
    assert.equal(await reader.getFtBalance('ft.testnet', 'alice.testnet'), 125000000n);
    assert.equal(await reader.ownsNft('nft.testnet', 'alice.testnet', '7'), true);
    assert.equal(await reader.ownsNft('nft.testnet', 'bob.testnet', '7'), false);
    assert.equal(await reader.ownsNft('nft.testnet', 'alice.testnet', undefined), false);
  });

  it('maps a contract execution error to CHAIN__VIEW_FAILED', async () => {
    const reader = new NearChainReader(nearProvider(rpc.url));
    await assert.rejects(reader.getFtBalance('broken.testnet', 'a.testnet'), (e: { code?: string }) => e.code === 'CHAIN__VIEW_FAILED');
  });

  it('collects errand events of receipts to the contract in final blocks, skipping missing heights and foreign logs', async () => {
    const watcher = new NearChainWatcher({ contractId: 'errand.testnet', provider: nearProvider(rpc.url) });
    const batch = await watcher.poll('999');
    assert.equal(batch.cursor, '1001');
    assert.equal(batch.events.length, 1);
    const ev = batch.events[0];
    assert.ok(ev && ev.kind === 'execution_requested');
    assert.equal(ev.request.requestId, '7');
    assert.equal(ev.request.requestTx, 'Rcpt1', 'the receipt that logged the request is kept (the dashboard shows it)');
    assert.equal(ev.request.senderId, 'dapp.testnet');
    assert.deepEqual(ev.request.secretsRef, { owner: 'alice.testnet', profile: 'default' });
    assert.equal(ev.request.responseFormat, 'json');
    assert.deepEqual(ev.request.limits, { maxInstructions: 1000, maxMemoryMb: 16, maxExecutionMs: 100, maxCompileMs: 10 });
    assert.equal(rpc.calls.filter((m) => m === 'chunk').length, 1, 'chunks included in older blocks are not rescanned');
    const none = await watcher.poll('1001');
    assert.deepEqual(none, { events: [], cursor: '1001' });
  });

  it('refuses a malformed cursor with a coded error', async () => {
    const watcher = new NearChainWatcher({ contractId: 'errand.testnet', provider: nearProvider(rpc.url) });
    await assert.rejects(watcher.poll('abc'), (e: { code?: string }) => e.code === 'COMMON__INVALID_ARGUMENT');
  });
});
