/**
 * The newcomer's commands against a real `errand dev` stack, each run as a child process as a user
 * would: `errand request --wait` on NEAR, `status`, `logs` (after the fact and following a live
 * build), a local path refused on a real network before anything is paid, two stacks at once with
 * the default port taken, one data dir refused twice, and SIGTERM to `npm start` ending the stack
 * within 3 s.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { errand, startDev, type DevProcess } from './helpers/devProcess.ts';
import { requireTools } from '../setup/requireTools.ts';

function holdPort(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

describe('cli: errand request, status and logs against errand dev', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(600_000);
  let root: string;
  let a: DevProcess;
  let held: Server | undefined;

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'errand-cli-'));
    // The default port is taken (by us, or by whatever already holds it): the stack must pick another.
    held = await holdPort(8700);
    a = await startDev(path.join(root, 'a'));
  });
  after(async () => {
    await a?.stop();
    await new Promise<void>((r) => (held ? held.close(() => r()) : r()));
    rmSync(root, { recursive: true, force: true });
  });

  it('errand dev says the default port was taken and serves on another', () => {
    assert.match(a.output(), /port 8700 is taken: the coordinator listens on a free port instead/);
    assert.notEqual(new URL(a.stack.coordinatorUrl).port, '8700');
  });

  it('request --wait follows every stage and prints the output, fuel, cost and refund; status and logs agree', async () => {
    const r = await errand(['request', 'examples/c-compute', '--input', '1000 10', '--wait', '--json', '--data-dir', a.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    for (const stage of ['requested', 'claimed', 'compiled', 'executed', 'resolved', 'refunded']) assert.match(r.stderr, new RegExp(`✓ ${stage}`), stage);
    const result = JSON.parse(r.stdout);
    assert.equal(result.success, true);
    assert.match(result.output.value, /^primes=168 checksum=[0-9a-f]{16}/);
    assert.ok(result.fuel > 0);
    assert.ok(BigInt(result.refunded) > 0n && BigInt(result.charged) > 0n);
    assert.equal(BigInt(result.charged) + BigInt(result.refunded) + BigInt(result.storageFee), BigInt(result.deposit));

    const status = await errand(['status', String(result.requestId), '--json', '--data-dir', a.dataDir]);
    assert.equal(status.code, 0, status.stderr);
    const s = JSON.parse(status.stdout);
    assert.equal(s.status, 'resolved');
    assert.deepEqual(
      s.stages.map((x: { name: string }) => x.name),
      ['requested', 'claimed', 'compiled', 'executed', 'resolved', 'refunded'],
    );
    const text = await errand(['status', String(result.requestId), '--data-dir', a.dataDir]);
    assert.match(text.stdout, /primes=168/);

    const logs = await errand(['logs', String(result.requestId), '--data-dir', a.dataDir]);
    assert.equal(logs.code, 0, logs.stderr);
    assert.match(logs.stdout + logs.stderr, /clang/);
  });

  it('logs --follow streams a build while it runs and ends with it', async () => {
    const sent = await errand(['request', 'examples/assemblyscript-hello', '--input', 'logs', '--json', '--data-dir', a.dataDir]);
    assert.equal(sent.code, 0, sent.stderr);
    const { requestId } = JSON.parse(sent.stdout) as { requestId: string };
    const followed = await errand(['logs', requestId, '--follow', '--data-dir', a.dataDir]);
    assert.equal(followed.code, 0, followed.stderr);
    assert.match(followed.stdout + followed.stderr, /asc|assemblyscript/i);
    const done = await errand(['status', requestId, '--json', '--data-dir', a.dataDir]);
    assert.ok(['pending', 'resolved'].includes(JSON.parse(done.stdout).status));
  });

  it('a local path is refused on a real network before anything is paid', async () => {
    const key = path.join(root, 'key.json');
    writeFileSync(
      key,
      JSON.stringify({
        account_id: 'alice.testnet',
        private_key: 'ed25519:3D4YudUahN1nawWogh8pAKSj92sUNMdbZGjn7kERKzYoTy8tnFQuwoGUC51DowKqorvkr2pytJSnwuSbsNVfqygr',
      }),
    );
    // Nothing listens on port 9: a payment attempt would fail with an RPC error, not this code.
    const r = await errand(['request', 'examples/c-compute', '--rpc-url', 'http://127.0.0.1:9', '--contract', 'errand.testnet', '--key-file', key]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /CLI__LOCAL_SOURCE_ON_NETWORK/);
  });

  it('status without a running stack says how to start one (one coded line)', async () => {
    const r = await errand(['status', '1', '--data-dir', path.join(root, 'nothing-here')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /CLI__NO_DEV_STACK/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('a second stack runs beside the first in its own data dir; the same data dir is refused; SIGTERM to npm start stops it within 3 s', async () => {
    const same = await errand(['dev', '--data-dir', a.dataDir], 60_000);
    assert.equal(same.code, 2);
    assert.match(same.stderr, /another errand dev stack \(pid \d+\) runs from/);

    const b = await startDev(path.join(root, 'b'), { viaNpm: true });
    try {
      assert.notEqual(b.stack.coordinatorUrl, a.stack.coordinatorUrl);
      const health = await fetch(`${b.stack.coordinatorUrl}/health`);
      assert.equal(health.status, 200);
    } finally {
      const ms = await b.stop();
      assert.ok(ms <= 3_000, `errand dev took ${ms} ms to stop after SIGTERM to npm`);
    }
  });
});
