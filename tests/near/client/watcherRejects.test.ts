/**
 * Issue 12, item 1: a request event the watcher cannot convert is delivered as `execution_rejected`
 * (with its request id when readable), never thrown: a poll over a malformed Errand event, a field
 * of the wrong type or a stored input that is gone still returns, with every later event. (On
 * main such a poll threw CHAIN__BAD_CONTRACT_DATA forever, and a missing stored input became ''.)
 */
import assert from 'node:assert/strict';
import { JsonRpcProvider } from '@near-js/providers';
import { NearChainWatcher, NearResolveSubmitter } from '../../../contracts/near/client/index.ts';
import type { ChainEvent } from '../../../common/ports/index.ts';
import { request, startEnv, type Env } from './setup.ts';

const PREFIX = 'EVENT_JSON:';

/** Rewrites the contract's logs as a hostile or buggy contract could have written them. */
class TamperingProvider extends JsonRpcProvider {
  constructor(
    url: string,
    private readonly tamper: (data: Record<string, unknown>) => string[] | null,
  ) {
    super({ url });
  }

  override async sendJsonRpc<T>(method: string, params: Record<string, unknown>): Promise<T> {
    const result = await super.sendJsonRpc<T>(method, params);
    if (method !== 'EXPERIMENTAL_light_client_proof') return result;
    const outcome = (result as { outcome_proof: { outcome: { logs: string[] } } }).outcome_proof.outcome;
    outcome.logs = outcome.logs.flatMap((log) => {
      if (!log.startsWith(PREFIX)) return [log];
      const ev = JSON.parse(log.slice(PREFIX.length)) as { event: string; data: Record<string, unknown>[] };
      if (ev.event !== 'execution_requested') return [log];
      const replaced = this.tamper(ev.data[0]!);
      return replaced ?? [log];
    });
    return result;
  }
}

const line = (data: Record<string, unknown>): string =>
  PREFIX + JSON.stringify({ standard: 'errand', version: '1.0.0', event: 'execution_requested', data: [data] });

describe('near watcher: bad request events are delivered as rejected, never thrown', function () {
  this.timeout(60_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  it('a malformed event, a wrong field and a missing stored input are rejected; the ordinary request after them is delivered', async () => {
    env = await startEnv();
    const gone = await request(env, 'resolved before the watcher read it');
    const wrongField = await request(env);
    const ordinary = await request(env, 'a\u0000b');
    await new NearResolveSubmitter(env.worker).resolve(
      { chain: 'near', contractId: env.contractId, requestId: gone },
      { success: true, output: { format: 'text', value: 'x' }, resourcesUsed: { instructions: 1, timeMs: 1, compileTimeMs: 0 } },
    );
    const provider = new TamperingProvider(env.near.rpcUrl, (d) => {
      const id = String(d['request_id']);
      // Claims its input is in state: the request has settled, so the state no longer holds it.
      if (id === gone) return [line({ ...d, input: null, input_in_state: true })];
      // A source of the wrong type, then an Errand line whose data is not an array at all.
      if (id === wrongField)
        return [line({ ...d, source: 42 }), `${PREFIX}{"standard":"errand","version":"1.0.0","event":"execution_requested","data":{"request_id":99}}`];
      return null;
    });
    const watcher = new NearChainWatcher({ contractId: env.contractId, provider });
    const events: ChainEvent[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100 && !events.some((e) => e.kind === 'execution_completed'); i++) {
      const batch = await watcher.poll(cursor);
      events.push(...batch.events);
      cursor = batch.cursor;
      await new Promise((r) => setTimeout(r, 20));
    }
    const rejected = events.filter((e) => e.kind === 'execution_rejected');
    assert.deepEqual(rejected.map((e) => e.kind === 'execution_rejected' && e.ref?.requestId).sort(), [gone, wrongField, '99'].sort());
    const reasonOf = (id: string) => rejected.find((e) => e.kind === 'execution_rejected' && e.ref?.requestId === id);
    assert.match(JSON.stringify(reasonOf(gone)), /no stored input/);
    assert.match(JSON.stringify(reasonOf(wrongField)), /source/);
    const requested = events.filter((e) => e.kind === 'execution_requested');
    assert.deepEqual(
      requested.map((e) => e.kind === 'execution_requested' && [e.request.requestId, e.request.input]),
      [[ordinary, 'a\u0000b']],
    );
    assert.ok(
      events.some((e) => e.kind === 'execution_completed' && e.ref.requestId === gone),
      'events after the bad ones are delivered',
    );
  });
});
