/**
 * The local Solana as an unmodified @solana/web3.js Connection sees it: slots advance on the timer
 * and on demand; finality moves processed -> confirmed -> finalized like a validator's; onLogs and
 * signature subscriptions deliver; getSignaturesForAddress, getTransaction, getProgramAccounts
 * (through Anchor's `account.all()`), airdrops, preflight errors and expired blockhashes.
 */
import assert from 'node:assert/strict';
import { Keypair, SendTransactionError, SystemProgram, Transaction, type Logs } from '@solana/web3.js';
import { isErrandError } from '../../common/errors/index.ts';
import { eventParser, parseEvents } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { funded, LIMITS, SOURCE, startLocal } from './helpers.ts';

describe('local solana: JSON-RPC and PubSub for web3.js', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let alice: Keypair;
  before(async () => {
    local = await startLocal();
    alice = await funded(local, 50);
  });
  after(async () => {
    await local.stop();
  });

  it('slots advance on the timer and on demand', async () => {
    const conn = local.connection();
    const s0 = await conn.getSlot();
    await new Promise((r) => setTimeout(r, 120));
    const s1 = await conn.getSlot();
    assert.ok(s1 > s0, `timer: ${s0} -> ${s1}`);
    const s2 = local.advance(10);
    assert.ok((await conn.getSlot()) >= s2);
    // Read both with the clock stopped: on a loaded machine a 20 ms slot can pass between the calls.
    local.chain.stopClock();
    try {
      assert.equal(await conn.getBlockHeight(), await conn.getSlot());
    } finally {
      local.chain.startClock(20);
    }
    assert.equal((await conn.getVersion())['solana-core'], '2.2.0');
  });

  it('reports finality as validators do and keeps blockhashes 150 slots', async () => {
    local.chain.stopClock();
    try {
      const conn = local.connection();
      const { blockhash } = await conn.getLatestBlockhash();
      const tx = new Transaction({ feePayer: alice.publicKey, recentBlockhash: blockhash }).add(
        SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1_000_000 }),
      );
      tx.sign(alice);
      const sig = await conn.sendRawTransaction(tx.serialize());
      let st = (await conn.getSignatureStatuses([sig])).value[0];
      assert.equal(st?.confirmationStatus, 'processed');
      assert.equal(st?.confirmations, 0);
      assert.equal(await conn.getTransaction(sig, { commitment: 'confirmed' }), null);
      local.advance(1);
      st = (await conn.getSignatureStatuses([sig])).value[0];
      assert.equal(st?.confirmationStatus, 'confirmed');
      assert.equal(st?.confirmations, 1);
      local.advance(31);
      st = (await conn.getSignatureStatuses([sig])).value[0];
      assert.equal(st?.confirmationStatus, 'finalized');
      assert.equal(st?.confirmations, null);
      const tx2 = new Transaction({ feePayer: alice.publicKey, recentBlockhash: blockhash }).add(
        SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: alice.publicKey, lamports: 1 }),
      );
      tx2.sign(alice);
      await conn.sendRawTransaction(tx2.serialize()); // 32 slots old: still valid
      local.advance(150);
      assert.equal((await conn.isBlockhashValid(blockhash)).value, false);
      const tx3 = new Transaction({ feePayer: alice.publicKey, recentBlockhash: blockhash }).add(
        SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: alice.publicKey, lamports: 2 }),
      );
      tx3.sign(alice);
      await assert.rejects(conn.sendRawTransaction(tx3.serialize()), /BlockhashNotFound/);
    } finally {
      local.chain.startClock(20);
    }
  });

  it('onLogs and signature subscriptions deliver; events decode with EventParser; history is queryable', async () => {
    const conn = local.connection('confirmed');
    const client = local.client(alice);
    const seen: Logs[] = [];
    const subId = conn.onLogs(local.programId, (l) => seen.push(l), 'confirmed');
    await new Promise((r) => setTimeout(r, 50));
    const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('rpc') }, limits: LIMITS });
    const deadline = Date.now() + 5000;
    while (!seen.some((l) => l.signature === sent.signature) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await conn.removeOnLogsListener(subId);
    const got = seen.find((l) => l.signature === sent.signature);
    assert.ok(got, 'onLogs delivered the request');
    const events = parseEvents(eventParser(local.programId, client.program.coder), got.logs);
    assert.equal(events[0].name, 'executionRequested');
    assert.equal(String(events[0].data.requestId), String(sent.requestId));

    const sigs = await conn.getSignaturesForAddress(sent.request);
    assert.deepEqual(
      sigs.map((s) => s.signature),
      [sent.signature],
    );
    const byProgram = await conn.getSignaturesForAddress(local.programId, { limit: 1 });
    assert.equal(byProgram.length, 1);
    const tx = await conn.getTransaction(sent.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    assert.ok(tx?.meta);
    assert.equal(tx.meta.fee, 5000);
    assert.equal(tx.meta.computeUnitsConsumed, sent.computeUnits);
    assert.ok(tx.meta.computeUnitsConsumed! > 0 && tx.meta.computeUnitsConsumed! < 200_000);
    assert.equal(tx.meta.preBalances[0] - tx.meta.postBalances[0], Number((await client.getRequest(sent.request))!.lamports) + 5000);
    assert.equal(tx.transaction.message.staticAccountKeys[0].toBase58(), alice.publicKey.toBase58());

    let notified: unknown;
    const k = Keypair.generate();
    const { blockhash } = await conn.getLatestBlockhash();
    const t = new Transaction({ feePayer: alice.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: k.publicKey, lamports: 5_000_000 }),
    );
    t.sign(alice);
    const sig = await conn.sendRawTransaction(t.serialize());
    await new Promise<void>((resolve) =>
      conn.onSignature(
        sig,
        (r) => {
          notified = r;
          resolve();
        },
        'confirmed',
      ),
    );
    assert.deepEqual(notified, { err: null });
    assert.equal(await conn.getBalance(k.publicKey), 5_000_000);
  });

  it("getProgramAccounts serves Anchor's account.all() with its discriminator filter", async () => {
    const w = await funded(local);
    await local.client(w).registerWorker(Buffer.alloc(32, 5), Buffer.from('cc', 'hex'), 1_000_000_000n);
    const all = await local.client(alice).accountClient('worker').all();
    assert.ok(all.some((a) => (a.account as { authority: { toBase58(): string } }).authority.toBase58() === w.publicKey.toBase58()));
    assert.ok(all.every((a) => a.publicKey.toBase58() !== local.client(alice).config.toBase58()));
    const { workerAddress } = await import('../../contracts/solana/client/index.ts');
    const many = await local
      .client(alice)
      .accountClient('worker')
      .fetchMultiple([workerAddress(local.programId, w.publicKey), Keypair.generate().publicKey]);
    assert.equal(many.length, 2);
    assert.ok(many[0]);
    assert.equal(many[1], null);
  });

  it('getTransaction in base64 returns the transaction as sent', async () => {
    const conn = local.connection();
    const { blockhash } = await conn.getLatestBlockhash();
    const t = new Transaction({ feePayer: alice.publicKey, recentBlockhash: blockhash }).add(
      SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: alice.publicKey, lamports: 3 }),
    );
    t.sign(alice);
    const wire = t.serialize();
    const sig = await conn.sendRawTransaction(wire);
    await conn.confirmTransaction(sig, 'confirmed');
    const res = await fetch(local.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getTransaction', params: [sig, { encoding: 'base64', commitment: 'confirmed' }] }),
    });
    const body = (await res.json()) as { result: { transaction: [string, string]; meta: { err: unknown } } };
    assert.deepEqual(body.result.transaction, [wire.toString('base64'), 'base64']);
    assert.equal(body.result.meta.err, null);
  });

  it('a send that cannot confirm ends with COMMON__TIMEOUT; an aborted one with COMMON__ABORTED', async () => {
    const client = local.client(alice);
    const ix = SystemProgram.transfer({ fromPubkey: alice.publicKey, toPubkey: alice.publicKey, lamports: 7 });
    await assert.rejects(client.sender.send(ix, alice, [], AbortSignal.abort()), (e: unknown) => isErrandError(e, 'COMMON__ABORTED'));
    local.chain.stopClock();
    try {
      await assert.rejects(client.sender.send(ix, alice, [], undefined, 300), (e: unknown) => isErrandError(e, 'COMMON__TIMEOUT'));
    } finally {
      local.chain.startClock(20);
    }
  });

  it('hostile requests get JSON-RPC errors, not a crash', async () => {
    const call = async (body: string) =>
      (await (await fetch(local.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as
        { error?: { code: number } } | { error?: { code: number } }[];
    assert.equal(
      ((await call('{"jsonrpc":"2.0","id":1,"method":"sendTransaction","params":["AAAA",{"encoding":"base64"}]}')) as { error?: { code: number } }).error?.code,
      -32602,
    );
    assert.equal(((await call('{"jsonrpc":"2.0","id":1,"method":"getBalance","params":["not-a-key"]}')) as { error?: { code: number } }).error?.code, -32602);
    assert.equal(((await call('{not json')) as { error?: { code: number } }).error?.code, -32700);
    assert.equal(((await call('{"jsonrpc":"2.0","id":1,"method":"constructor"}')) as { error?: { code: number } }).error?.code, -32601);
    assert.equal((await local.connection().getSlot()) > 0, true);
  });

  it('preflight failures carry the program logs; skipPreflight lands the failure', async () => {
    const conn = local.connection();
    const client = local.client(alice);
    const ix = await client.program.methods
      .cancelStaleExecution()
      .accountsPartial({ caller: alice.publicKey, config: client.config, request: Keypair.generate().publicKey, requester: alice.publicKey })
      .instruction();
    const { blockhash } = await conn.getLatestBlockhash();
    const tx = new Transaction({ feePayer: alice.publicKey, recentBlockhash: blockhash }).add(ix);
    tx.sign(alice);
    await assert.rejects(conn.sendRawTransaction(tx.serialize()), (e: unknown) => {
      assert.ok(e instanceof SendTransactionError);
      assert.ok(
        e.logs?.some((l) => l.endsWith('custom program error: 0x1785')),
        'RequestNotFound = 6021 = 0x1785',
      );
      return true;
    });
    const sig = await conn.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    const st = (await conn.getSignatureStatuses([sig])).value[0];
    assert.deepEqual(st?.err, { InstructionError: [0, { Custom: 6021 }] });
  });
});
