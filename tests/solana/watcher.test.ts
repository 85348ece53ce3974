/**
 * The Solana chain watcher against the local Solana (LiteSVM, the real program): finalized
 * transactions only, backfill from a saved cursor, the cursor advancing, completions, a request the
 * watcher cannot take delivered as rejected (never thrown), and the coordinator recording a
 * redelivered batch once.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection, type Keypair } from '@solana/web3.js';
import { createLogger } from '../../common/logger.ts';
import type { ChainEvent } from '../../common/ports/index.ts';
import type { ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import { SolanaChainWatcher, programEvents, toChainEvent } from '../../contracts/solana/client/watcher/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { findByRef } from '../../coordinator/ledger/requestsRepo.ts';
import { readCursor } from '../../coordinator/watcher/cursors.ts';
import { WatcherRunner } from '../../coordinator/watcher/WatcherRunner.ts';
import { startTestCoordinator } from '../coordinator/helpers/testCoordinator.ts';
import { funded, LIMITS, SOURCE, testConfig } from './helpers.ts';
import { LocalSolana as Local } from '../../contracts/solana/local/index.ts';

const FINALITY = 32;

describe('Solana chain watcher (local Solana, real program)', function () {
  this.timeout(60_000);
  let local: LocalSolana;
  let requester: Keypair;
  let client: ErrandSolanaClient;
  const watchers: SolanaChainWatcher[] = [];

  before(async () => {
    // Slots only on demand: the tests decide when a transaction becomes final.
    local = await Local.start({ slotMs: 0, config: testConfig });
    requester = await local.whileAdvancing(funded(local));
    client = local.client(requester);
  });
  after(async () => {
    for (const w of watchers) await w.close();
    await local?.stop();
  });

  const watcher = (o: { subscribe?: boolean; maxTransactionsPerPoll?: number } = {}): SolanaChainWatcher => {
    const w = new SolanaChainWatcher({ connection: local.connection(), programId: local.programId, subscribe: false, ...o });
    watchers.push(w);
    return w;
  };
  const request = (text: string) =>
    local.whileAdvancing(client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from(text) }, limits: LIMITS }));
  const requested = (events: ChainEvent[]) => events.flatMap((e) => (e.kind === 'execution_requested' ? [e.request] : []));

  it('delivers a request only once it is finalized, with every field; the cursor resumes after it', async () => {
    const w = watcher();
    const first = await w.poll(null);
    const sent = await request('hello');
    const early = await w.poll(first.cursor);
    assert.deepEqual(requested(early.events), [], 'confirmed is not final');
    local.advance(FINALITY);
    const batch = await w.poll(early.cursor);
    const [r] = requested(batch.events);
    assert.ok(r);
    assert.deepEqual(
      { ...r, blockHeight: 0 },
      {
        chain: 'solana',
        contractId: local.programId.toBase58(),
        requestId: sent.requestId.toString(),
        callbackHandle: sent.request.toBase58(),
        senderId: requester.publicKey.toBase58(),
        payerId: requester.publicKey.toBase58(),
        source: { kind: 'git', repo: SOURCE.repo, commit: SOURCE.commit, target: SOURCE.target },
        input: 'hello',
        limits: { maxInstructions: 5_000_000, maxMemoryMb: 64, maxExecutionMs: 2_000, maxCompileMs: 1_000 },
        responseFormat: 'text',
        deposit: String(sent.event.data['deposit']),
        blockHeight: 0,
        requestTx: sent.signature,
      },
    );
    assert.equal(r.blockHeight, sent.slot);
    assert.match(batch.cursor, /^\d+:\w+$/);
    assert.deepEqual((await w.poll(batch.cursor)).events, [], 'nothing after the cursor');
  });

  it('backfills from a saved cursor: a new watcher reads exactly what landed after it, oldest first, in bounded polls', async () => {
    const w = watcher();
    let cursor: string | null = null;
    local.advance(FINALITY);
    for (let b = await w.poll(cursor); b.events.length > 0 || b.cursor !== cursor; b = await w.poll(cursor)) cursor = b.cursor;
    const sent = [];
    for (const t of ['a', 'b', 'c']) sent.push(await request(t));
    local.advance(FINALITY);
    const later = watcher({ maxTransactionsPerPoll: 2 });
    const one = await later.poll(cursor);
    assert.deepEqual(
      requested(one.events).map((r) => r.input),
      ['a', 'b'],
      'two transactions per poll, oldest first',
    );
    const two = await later.poll(one.cursor);
    assert.deepEqual(
      requested(two.events).map((r) => r.requestId),
      [sent[2]!.requestId.toString()],
    );
    assert.deepEqual((await later.poll(two.cursor)).events, []);
  });

  it('a resolve and a cancel are completions of their requests', async () => {
    const w = watcher();
    const worker = await local.whileAdvancing(funded(local));
    await local.whileAdvancing(local.client(worker).registerWorker(Buffer.alloc(32, 1), Buffer.alloc(32, 2), 1_000_000_000n));
    local.advance(FINALITY);
    let cursor = '';
    for (let b = await w.poll(cursor); b.cursor !== cursor; b = await w.poll(cursor)) cursor = b.cursor;
    const ok = await request('resolve me');
    const stale = await request('cancel me');
    await local.whileAdvancing(
      local.client(worker).resolveExecution(ok.request, requester.publicKey, {
        success: true,
        resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n },
        output: { kind: 'inline', data: Buffer.from('x') },
        error: '',
      }),
    );
    local.advance(Number(testConfig(requester).timeoutSlots) + 1);
    await local.whileAdvancing(client.cancelStaleExecution(stale.request, requester.publicKey));
    local.advance(FINALITY);
    const b = await w.poll(cursor);
    const done = b.events.filter((e) => e.kind === 'execution_completed');
    assert.deepEqual(
      done.map((e) => [e.ref.requestId, e.success]),
      [
        [ok.requestId.toString(), true],
        [stale.requestId.toString(), false],
      ],
    );
  });

  it('a request it cannot run (input by hash only) is delivered as rejected with its id, and the cursor moves past it', async () => {
    const w = watcher();
    let cursor = '';
    local.advance(FINALITY);
    for (let b = await w.poll(cursor); b.cursor !== cursor; b = await w.poll(cursor)) cursor = b.cursor;
    const hashed = await local.whileAdvancing(
      client.requestExecution({ source: SOURCE, input: { kind: 'hash', sha256: Buffer.alloc(32, 5), bytes: 10n }, limits: LIMITS }),
    );
    const fine = await request('after');
    local.advance(FINALITY);
    const b = await w.poll(cursor);
    assert.deepEqual(
      b.events.map((e) => e.kind),
      ['execution_rejected', 'execution_requested'],
    );
    const rej = b.events[0] as Extract<ChainEvent, { kind: 'execution_rejected' }>;
    assert.equal(rej.ref?.requestId, hashed.requestId.toString());
    assert.match(rej.reason, /by hash/);
    assert.equal(requested(b.events)[0]!.requestId, fine.requestId.toString());
    assert.notEqual(b.cursor, cursor);
  });

  it('the logs scan: data of another program is ignored; undecodable Errand data is rejected with the request id it holds', () => {
    const id = local.programId.toBase58();
    const coder = client.program.coder;
    const disc = Buffer.from([52, 109, 56, 47, 194, 73, 112, 129]); // ExecutionRequested
    const truncated = Buffer.concat([disc, Buffer.alloc(32, 1), Buffer.from([7, 0, 0, 0, 0, 0, 0, 0]), Buffer.alloc(5)]);
    const other = 'Other1111111111111111111111111111111111111';
    const logs = [
      `Program ${other} invoke [1]`,
      `Program data: ${truncated.toString('base64')}`,
      `Program ${id} invoke [2]`,
      `Program data: ${truncated.toString('base64')}`,
      `Program ${id} success`,
      `Program data: ${truncated.toString('base64')}`,
      `Program ${other} success`,
    ];
    const events = programEvents(coder, id, logs);
    assert.equal(events.length, 1, 'only the line logged while Errand ran');
    const ev = toChainEvent(events[0]!, id, 9);
    assert.equal(ev?.kind, 'execution_rejected');
    assert.deepEqual(ev.kind === 'execution_rejected' && ev.ref, { chain: 'solana', contractId: id, requestId: '7' });
  });

  it('through the coordinator: recorded once under (solana, program, id) when redelivered; the cursor stored; a rejection recorded', async () => {
    const c = await startTestCoordinator({ DEV_MODE: false });
    try {
      const log = createLogger({ service: 'test' });
      const name = `solana:${local.programId.toBase58()}`;
      const runner = new WatcherRunner({ name, watcher: watcher(), service: c.service, log });
      local.advance(FINALITY);
      while ((await runner.tick()).events > 0);
      const good = await request('once');
      const hashed = await local.whileAdvancing(
        client.requestExecution({ source: SOURCE, input: { kind: 'hash', sha256: Buffer.alloc(32, 6), bytes: 3n }, limits: LIMITS }),
      );
      local.advance(FINALITY);
      const t = await runner.tick();
      assert.equal(t.recorded, 1);
      assert.equal(t.rejected, 1);
      const stored = await readCursor(c.db, name);
      assert.ok(stored);
      // A second runner from the stored cursor finds nothing new; one replaying from the start records nothing twice.
      const again = new WatcherRunner({ name: 'replay', watcher: watcher(), service: c.service, log });
      let recorded = 0;
      for (let r = await again.tick(); r.events > 0; r = await again.tick()) recorded += r.recorded;
      assert.equal(recorded, 0, 'redelivered requests are not recorded again');
      const ref = { chain: 'solana' as const, contractId: local.programId.toBase58(), requestId: good.requestId.toString() };
      assert.equal((await findByRef(c.db, ref))?.input, 'once');
      const rejected = await findByRef(c.db, { ...ref, requestId: hashed.requestId.toString() });
      assert.equal(rejected?.status, 'failed');
    } finally {
      await c.close();
    }
  });

  /**
   * Catches `w` up, checks that 20 idle polls make no RPC call (the proxy counts them), then that a
   * request finalized meanwhile is found by a poll that does read through the proxy.
   */
  async function idlePollsThenWoken(w: SolanaChainWatcher, proxy: { calls: () => number }, input: string, beforeRequest = (): void => undefined) {
    let cursor = '';
    local.advance(FINALITY);
    for (let b = await w.poll(cursor); b.cursor !== cursor; b = await w.poll(cursor)) cursor = b.cursor;
    await new Promise((r) => setTimeout(r, 100)); // the subscription is set up
    const before = proxy.calls();
    for (let i = 0; i < 20; i++) assert.deepEqual((await w.poll(cursor)).events, []);
    assert.equal(proxy.calls(), before, 'idle polls answered without RPC');
    beforeRequest();
    const sent = await request(input);
    local.advance(FINALITY);
    let found: ChainEvent[] = [];
    for (let i = 0; i < 100 && found.length === 0; i++) {
      const b = await w.poll(cursor);
      found = requested(b.events).length ? b.events : [];
      cursor = b.cursor;
      if (!found.length) await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(requested(found)[0]?.requestId, sent.requestId.toString());
    assert.ok(proxy.calls() > before, 'the woken poll read through the proxy');
  }

  it('with a log subscription: idle polls make no RPC call, a finalized request wakes it', async () => {
    const proxy = await countingProxy(local.url);
    const connection = new Connection(proxy.url, { wsEndpoint: local.wsUrl, commitment: 'confirmed' });
    const w = new SolanaChainWatcher({ connection, programId: local.programId, resyncMs: 60_000 });
    watchers.push(w);
    await idlePollsThenWoken(w, proxy, 'wake');
    await proxy.close();
  });
  it('with its own wake-up socket (wsEndpoint): idle polls make no RPC call, a finalized request wakes it, and a nudge is given', async () => {
    const proxy = await countingProxy(local.url);
    const connection = new Connection(proxy.url, { wsEndpoint: local.wsUrl, commitment: 'confirmed' });
    const w = new SolanaChainWatcher({ connection, programId: local.programId, resyncMs: 60_000, wsEndpoint: local.wsUrl });
    watchers.push(w);
    let wakes = 0;
    w.onWake(() => wakes++);
    let wakesBefore = 0;
    await idlePollsThenWoken(w, proxy, 'wake-own-socket', () => (wakesBefore = wakes));
    await proxy.close();
    assert.ok(wakes > wakesBefore, 'the finalized request nudged the caller');
  });
});

/** A JSON-RPC proxy in front of the chain that counts the calls made through it (the watcher's
 * reads go through their own HTTP client, not the Connection's fetch). */
async function countingProxy(target: string): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
        .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(Buffer.from(await r.arrayBuffer())))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
