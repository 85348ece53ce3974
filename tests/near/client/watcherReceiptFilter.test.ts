/**
 * The watcher reads the outcome (EXPERIMENTAL_light_client_proof) only of receipts whose method can
 * log a watched event: a request's resolve_execution receipt is never fetched, and its
 * execution_requested and execution_completed events (the yield callback's, or a stale cancel's)
 * are all still delivered.
 */
import assert from 'node:assert/strict';
import { JsonRpcProvider } from '@near-js/providers';
import { NearChainWatcher, NearResolveSubmitter } from '../../../contracts/near/client/index.ts';
import type { ChainEvent } from '../../../common/ports/index.ts';
import { request, startEnv, type Env } from './setup.ts';

interface ChunkReceipt {
  receipt_id: string;
  receiver_id: string;
  receipt: { Action?: { actions: { FunctionCall?: { method_name: string } }[] } };
}

/** A provider that remembers which method each contract receipt of a fetched chunk called, and which receipts' outcomes were fetched. */
class RecordingProvider extends JsonRpcProvider {
  readonly methodOf = new Map<string, string>();
  readonly fetched: string[] = [];

  override async sendJsonRpc<T>(method: string, params: Record<string, unknown>): Promise<T> {
    if (method === 'EXPERIMENTAL_light_client_proof') this.fetched.push(String(params['receipt_id']));
    const result = await super.sendJsonRpc<T>(method, params);
    if (method === 'chunk') {
      for (const r of (result as { receipts: ChunkReceipt[] }).receipts) {
        const call = r.receipt.Action?.actions.find((a) => a.FunctionCall)?.FunctionCall;
        if (call) this.methodOf.set(r.receipt_id, call.method_name);
      }
    }
    return result;
  }

  fetchedMethods(): string[] {
    return this.fetched.map((id) => this.methodOf.get(id) ?? `unknown ${id}`);
  }

  receiptsCalling(method: string): string[] {
    return [...this.methodOf].filter(([, m]) => m === method).map(([id]) => id);
  }
}

async function watchUntil(w: NearChainWatcher, done: (evs: ChainEvent[]) => boolean): Promise<ChainEvent[]> {
  const events: ChainEvent[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 200 && !done(events); i++) {
    const batch = await w.poll(cursor);
    events.push(...batch.events);
    cursor = batch.cursor;
    if (!done(events)) await new Promise((r) => setTimeout(r, 30));
  }
  return events;
}

const completed =
  (id: string) =>
  (evs: ChainEvent[]): boolean =>
    evs.some((e) => e.kind === 'execution_completed' && e.ref.requestId === id);

describe('near watcher: outcomes only of receipts that can log a watched event', function () {
  this.timeout(60_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  it('does not fetch the resolve_execution receipt, and still delivers execution_requested and execution_completed', async () => {
    env = await startEnv();
    const id = await request(env);
    const resolved = await new NearResolveSubmitter(env.worker).resolve(
      { chain: 'near', contractId: env.contractId, requestId: id },
      { success: true, output: { format: 'text', value: '42' }, resourcesUsed: { instructions: 1, timeMs: 1, compileTimeMs: 0 } },
    );
    assert.equal(resolved.alreadyResolved, false);
    const provider = new RecordingProvider({ url: env.near.rpcUrl });
    const events = await watchUntil(new NearChainWatcher({ contractId: env.contractId, provider }), completed(id));

    assert.deepEqual(
      events.filter((e) => e.kind === 'execution_requested').map((e) => e.kind === 'execution_requested' && e.request.requestId),
      [id],
    );
    const done = events.find((e) => e.kind === 'execution_completed');
    assert.ok(done && done.kind === 'execution_completed' && done.success && done.ref.requestId === id);
    assert.equal(provider.receiptsCalling('resolve_execution').length, 1, 'the watcher saw the resolve receipt in its chunk');
    assert.deepEqual(
      provider.fetched.filter((r) => provider.receiptsCalling('resolve_execution').includes(r)),
      [],
      'and did not fetch its outcome',
    );
    assert.deepEqual([...new Set(provider.fetchedMethods())].sort(), ['on_execution_response', 'request_execution'], 'nor those of new / register_worker');
  });

  it('delivers the execution_completed of a stale cancel (cancel_stale_execution is watched)', async () => {
    env = await startEnv({ requestTimeoutBlocks: 2 });
    const id = await request(env);
    const start = env.near.height;
    while (env.near.height < start + 4) await new Promise((r) => setTimeout(r, 20));
    await env.requester.call('cancel_stale_execution', { request_id: Number(id) });
    const provider = new RecordingProvider({ url: env.near.rpcUrl });
    const events = await watchUntil(new NearChainWatcher({ contractId: env.contractId, provider }), completed(id));
    const done = events.find((e) => e.kind === 'execution_completed');
    assert.ok(done && done.kind === 'execution_completed' && !done.success && done.ref.requestId === id);
    assert.ok(provider.fetchedMethods().includes('cancel_stale_execution'));
  });
});
