/**
 * Issue 12, item 1 end to end: a request whose input holds a NUL character, then an ordinary one.
 * On main the first stopped all intake for good (Postgres refused the watcher's batch, the cursor
 * never moved); now both reach a final on-chain state, the NUL input reaching the program unchanged.
 * And bytes that are not UTF-8 (sent as input_base64) reach the program exactly, and come back
 * exactly in the `bytes` response format.
 */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { programRepo, requestAndSettle, startE2eStack, stepLog } from './helpers.ts';
import { requireTools } from '../setup/requireTools.ts';

describe('end to end: hostile input (issue 12)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  let stack: DevStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('a NUL input followed by an ordinary request: both resolved on-chain', async () => {
    stack = await startE2eStack(stepLog());
    const repo = programRepo();
    // The program reads stdin as a C string: it upper-cases up to the NUL, which proves the byte
    // arrived where it was sent (a stripped or replaced NUL would print more).
    const first = requestAndSettle(stack, repo, 'upper:a\u0000b');
    const second = requestAndSettle(stack, repo, 'upper:ok');
    const [nul, ordinary] = await Promise.all([first, second]);
    assert.equal(nul.view.status, 'resolved');
    assert.equal(nul.response.success, true, JSON.stringify(nul.response));
    assert.equal(nul.response.output?.value, 'A');
    assert.equal(ordinary.view.status, 'resolved');
    assert.equal(ordinary.response.output?.value, 'OK');
  });

  it('input bytes that are not UTF-8 reach the program exactly (input_base64)', async () => {
    stack = await startE2eStack(stepLog());
    const s = await requestAndSettle(stack, programRepo(), new Uint8Array([0xff, 0x00, 0xfe, 0x80]));
    assert.equal(s.view.status, 'resolved');
    assert.equal(s.response.success, true, JSON.stringify(s.response));
    assert.equal(s.response.output?.value, 'ff00fe80');
  });

  it('output bytes that are not UTF-8 come back exactly in the bytes format', async () => {
    stack = await startE2eStack(stepLog());
    const echoed = new Uint8Array([0xff, 0x00, 0xfe, 0x80, 0xef, 0xbb, 0xbf]);
    const input = new Uint8Array([...new TextEncoder().encode('echo:'), ...echoed]);
    const s = await requestAndSettle(stack, programRepo(), input, { responseFormat: 'bytes' });
    assert.equal(s.response.success, true, JSON.stringify(s.response));
    assert.deepEqual([s.response.output?.format, Buffer.from(s.response.output?.value ?? '', 'base64')], ['bytes', Buffer.from(echoed)]);
  });
});

describe('end to end: a rejected request is resolved on-chain as failed (issue 12)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  let stack: DevStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('file:// outside development mode: rejected by the coordinator, resolved failed, the deposit refunded but the base fee', async () => {
    stack = await startE2eStack(stepLog(), { devMode: false });
    const s = await requestAndSettle(stack, programRepo(), 'upper:refused');
    assert.equal(s.view.status, 'resolved');
    assert.equal(s.response.success, false);
    assert.equal(s.response.error?.code, 'COORDINATOR__SOURCE_NOT_ALLOWED');
    const view = s.view as typeof s.view & { storage_fee?: string };
    assert.equal(BigInt(view.charged), s.baseFee, 'only the base fee is charged');
    assert.equal(BigInt(view.charged) + BigInt(view.refunded) + BigInt(view.storage_fee ?? '0'), s.deposit, 'the rest goes back (less the record storage)');
  });
});
