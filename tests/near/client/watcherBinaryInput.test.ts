/**
 * Issue 12, item 1: input bytes that are not UTF-8 go out as input_base64 and come back exactly
 * through the watcher, both inline in the event and read from contract state (input_in_state).
 */
import assert from 'node:assert/strict';
import { JsonRpcProvider } from '@near-js/providers';
import { NearChainWatcher } from '../../../contracts/near/client/index.ts';
import type { ChainEvent } from '../../../common/ports/index.ts';
import { requestInputBytes } from '../../../common/types/index.ts';
import { request, startEnv, type Env } from './setup.ts';

describe('near watcher: binary inputs arrive byte for byte', function () {
  this.timeout(60_000);
  let env: Env;
  afterEach(async () => env?.near.close());

  it('inline and in-state inputs that are not UTF-8, and a UTF-8 one sent as bytes', async () => {
    env = await startEnv();
    const small = new Uint8Array([0xff, 0x00, 0xfe, 0x80]);
    const large = new Uint8Array(3000).map((_, i) => (i * 7 + 0x80) & 0xff); // above inline_input_bytes
    const utf8 = new TextEncoder().encode('\ufeffhé\u0000');
    const ids = [await request(env, small), await request(env, large), await request(env, utf8)];
    const watcher = new NearChainWatcher({ contractId: env.contractId, provider: new JsonRpcProvider({ url: env.near.rpcUrl }) });
    const events: ChainEvent[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100 && events.filter((e) => e.kind === 'execution_requested').length < 3; i++) {
      const batch = await watcher.poll(cursor);
      events.push(...batch.events);
      cursor = batch.cursor;
      await new Promise((r) => setTimeout(r, 20));
    }
    const got = new Map(events.flatMap((e) => (e.kind === 'execution_requested' ? [[e.request.requestId, e.request] as const] : [])));
    assert.deepEqual(requestInputBytes(got.get(ids[0]!)!), small);
    assert.deepEqual(requestInputBytes(got.get(ids[1]!)!), large);
    assert.equal(got.get(ids[2]!)!.input, '\ufeffhé\u0000', 'UTF-8 bytes arrive as text');
    assert.equal(got.get(ids[2]!)!.inputBase64, undefined);
  });
});
