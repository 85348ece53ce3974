/**
 * Issue 12, item 1, the contract's side: an input is carried exactly or refused. A NUL (and any
 * other Unicode) is stored and given back unchanged by `get_request` and in the event; a string that
 * is not Unicode (a lone UTF-16 surrogate escape) cannot be carried by the contract's UTF-8 state
 * and is refused with ERR_INVALID_ARGS, before any deposit is taken. Bytes that are not UTF-8 travel
 * as `input_base64` (canonical base64 only) and come back exactly, as `input_base64`.
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

  it('input_base64 carries bytes that are not UTF-8; get_request gives them back exactly', () =>
    withChain(CONFIG, async (d) => {
      const raw = Buffer.from([0xff, 0x00, 0xfe, 0x80]);
      const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
      for (const [i, bytes] of [raw, Buffer.from('héllo')].entries()) {
        const call = d.call(ALICE, 'request_execution', requestArgs({ input: undefined, input_base64: bytes.toString('base64') }), DEPOSIT);
        await Promise.race([d.until(() => d.view('get_request', { request_id: id + i }) !== null), call.then((r) => assert.fail(r.error ?? 'finished'))]);
      }
      const binary = d.view('get_request', { request_id: id }) as { input: string | null; input_base64: string | null };
      assert.equal(binary.input, null);
      assert.deepEqual(Buffer.from(binary.input_base64 ?? '', 'base64'), raw);
      const text = d.view('get_request', { request_id: id + 1 }) as { input: string | null; input_base64: string | null };
      assert.deepEqual([text.input, text.input_base64], ['héllo', null], 'UTF-8 bytes read back as text');
    }));

  it('refuses non-canonical base64, both inputs at once, and neither', () =>
    withChain(CONFIG, async (d) => {
      const cases: Record<string, unknown>[] = [
        { input: undefined, input_base64: '/w' }, // unpadded
        { input: undefined, input_base64: '/x==' }, // trailing bits set
        { input: undefined, input_base64: '/w=A' }, // padding inside
        { input: undefined, input_base64: 'a b=' },
        { input: undefined, input_base64: 7 },
        { input: 'x', input_base64: 'eA==' },
        { input: undefined },
      ];
      for (const c of cases) {
        const r = await d.call(ALICE, 'request_execution', JSON.parse(JSON.stringify(requestArgs(c))), DEPOSIT);
        assert.equal(r.ok, false, `${JSON.stringify(c)} was accepted`);
        assert.equal(errorCode(r.error ?? ''), 'ERR_INVALID_ARGS', r.error ?? '');
      }
    }));
});
