/**
 * Issue 12, item 1, the contract's side: an input is carried exactly or refused. A NUL (and any
 * other Unicode) is stored and given back unchanged by `get_request` and in the event; a string that
 * is not Unicode (a lone UTF-16 surrogate escape) cannot be carried by the contract's UTF-8 state
 * and is refused with ERR_INVALID_ARGS, before any deposit is taken.
 */
import assert from 'node:assert/strict';
import { DEPOSIT, NEAR, PRICING, errorCode, requestArgs } from './support/fixtures.ts';
import { ALICE, withChain } from './support/localDriver.ts';

const CONFIG = { pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 5 };

describe('near contract: what an input can carry (issue 12)', function () {
  this.timeout(60_000);

  it('a NUL input is stored exactly; a lone surrogate is refused and the caller kept whole', () =>
    withChain(CONFIG, async (d) => {
      const odd = 'a\u0000b\u0001 \u{1F600}';
      const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
      void d.call(ALICE, 'request_execution', requestArgs({ input: odd }), DEPOSIT);
      await d.until(() => d.view('get_request', { request_id: id }) !== null);
      assert.equal((d.view('get_request', { request_id: id }) as { input: string }).input, odd);

      const before = d.balance(ALICE);
      for (const bad of ['\ud800', 'x\udc00', '\udbff\u0041']) {
        const r = await d.call(ALICE, 'request_execution', requestArgs({ input: bad }), DEPOSIT);
        assert.equal(r.ok, false, `input ${JSON.stringify(bad)} was accepted`);
        assert.equal(errorCode(r.error ?? ''), 'ERR_INVALID_ARGS', r.error ?? '');
      }
      assert.equal(d.balance(ALICE), before, 'refused calls take no deposit');
    }));
});
