/**
 * Preparation (instrument + compile) is bounded: module size, function count and function body
 * size each have a cap and a code of their own; a function that metering would push past V8's
 * limits is refused with a code that says so; a preparation that passes its deadline ends
 * `timeout` without blocking the caller's thread, and is not cached.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../common/errors/index.ts';
import { ByteWriter } from '../../worker/executor/instrument/ByteWriter.ts';
import { meteredTooLarge, MODULE_CAPS, V8_LIMITS } from '../../worker/executor/instrument/moduleCaps.ts';
import { Executor } from '../../worker/executor/index.ts';
import { commandWithBodies, hugeCustomSection, repeatedBody } from './helpers/binaryModule.ts';
import { LIMITS, useExecutor } from './helpers/useExecutor.ts';
import { helloCommand, wat } from './helpers/wat.ts';

const EMPTY_BODY = Uint8Array.of(0, 0x0b);

describe('executor: bounded preparation', () => {
  const executor = useExecutor();

  it('a module above the size cap is EXECUTOR__MODULE_TOO_LARGE', async () => {
    const r = await executor().run(hugeCustomSection(MODULE_CAPS.maxModuleBytes + 1), LIMITS);
    assert.equal(r.status, 'invalid_module');
    assert.equal(r.error?.code, 'EXECUTOR__MODULE_TOO_LARGE');
  });

  it('more functions than the cap is EXECUTOR__TOO_MANY_FUNCTIONS', async () => {
    const r = await executor().run(
      commandWithBodies(MODULE_CAPS.maxFunctions + 1, () => EMPTY_BODY),
      LIMITS,
    );
    assert.equal(r.status, 'invalid_module');
    assert.equal(r.error?.code, 'EXECUTOR__TOO_MANY_FUNCTIONS');
  });

  it('a function body above the cap is EXECUTOR__FUNCTION_TOO_LARGE', async () => {
    const r = await executor().run(
      commandWithBodies(1, () => repeatedBody([0x01], MODULE_CAPS.maxFunctionBodyBytes)),
      LIMITS,
    );
    assert.equal(r.status, 'invalid_module');
    assert.equal(r.error?.code, 'EXECUTOR__FUNCTION_TOO_LARGE');
  });

  it("a valid function that metering would push past V8's body size limit is EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT", async () => {
    // 400,000 empty loops: 1.2 MB, valid for V8 as it is, but every loop header gets a checked charge.
    const body = repeatedBody([0x03, 0x40, 0x0b], 400_000);
    assert.ok(body.length < V8_LIMITS.maxFunctionBodyBytes && body.length < MODULE_CAPS.maxFunctionBodyBytes);
    await WebAssembly.compile(commandWithBodies(1, () => body));
    const r = await executor().run(
      commandWithBodies(1, () => body),
      LIMITS,
    );
    assert.equal(r.status, 'invalid_module');
    assert.equal(r.error?.code, 'EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT');
    assert.match(r.error?.message ?? '', /function body size in function 0/);
  });

  it('a function with as many locals as V8 allows, before the two metering adds, is EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT', async () => {
    const locals = V8_LIMITS.maxLocals - 1; // 49,999 i32 locals: one group
    const body = Uint8Array.of(1, 0xcf, 0x86, 0x03, 0x7f, 0x0b);
    assert.equal((body[1]! & 0x7f) | ((body[2]! & 0x7f) << 7) | (body[3]! << 14), locals); // LEB128
    const r = await executor().run(
      commandWithBodies(1, () => body),
      LIMITS,
    );
    assert.equal(r.status, 'invalid_module');
    assert.equal(r.error?.code, 'EXECUTOR__INSTRUMENTED_PAST_V8_LIMIT');
  });

  it("the metered module's buffer never grows past its cap: EXECUTOR__MODULE_TOO_LARGE instead", () => {
    const out = new ByteWriter(16, 64, meteredTooLarge);
    out.bytes(new Uint8Array(60));
    assert.throws(
      () => out.bytes(new Uint8Array(8)),
      (e) => isErrandError(e, 'EXECUTOR__MODULE_TOO_LARGE'),
    );
    assert.ok(out.buf.length <= 64);
  });

  it('a preparation past its deadline is timeout (EXECUTOR__PREPARE_TIMEOUT), not cached, and the executor keeps working', async () => {
    const slow = new Executor({ threads: 1, prepareTimeoutMs: 1 });
    try {
      const big = commandWithBodies(100_000, () => Uint8Array.of(0, 0x41, 1, 0x1a, 0x0b));
      for (let i = 0; i < 2; i++) {
        const r = await slow.run(big, LIMITS);
        assert.equal(r.status, 'timeout');
        assert.equal(r.error?.code, 'EXECUTOR__PREPARE_TIMEOUT');
      }
      const ok = await executor().run(big, LIMITS);
      assert.equal(ok.status, 'ok');
    } finally {
      await slow.close();
    }
  });

  it('aborting one run during preparation does not fail another run waiting for the same preparation', async () => {
    const big = commandWithBodies(100_000, () => Uint8Array.of(0, 0x41, 2, 0x1a, 0x0b));
    const controller = new AbortController();
    const first = executor().run(big, { ...LIMITS, signal: controller.signal });
    const second = executor().run(big, LIMITS);
    controller.abort();
    await assert.rejects(first, (e) => isErrandError(e, 'COMMON__ABORTED'));
    assert.equal((await second).status, 'ok');
  });

  it('preparation does not block the caller: timers keep firing while a large module is prepared', async () => {
    const big = commandWithBodies(100_000, () => Uint8Array.of(0, 0x41, 1, 0x1a, 0x0b));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const r = await executor().run(big, LIMITS);
      assert.equal(r.status, 'ok');
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks > 0);
    const hello = await executor().run(await wat(helloCommand('hi\n')), LIMITS);
    assert.equal(hello.stdout, 'hi\n');
  });
});
