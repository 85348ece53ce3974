/**
 * How a claim's failure is reported (issue 12, "worker failures sorted by isTransient"; item 10's
 * file:// and listener parts): a permanent error is reported once and not retryable, a transient one
 * is handed back once, a report that fails is logged, a file:// source outside development mode is
 * refused for good, and sixteen lanes polling at once raise no MaxListenersExceededWarning.
 * A fake CoordinatorPort records the calls; nothing else is faked away that the runner uses.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ErrandError } from '../../../common/errors/index.ts';
import { createLogger } from '../../../common/logger.ts';
import type { ResolveSubmitter } from '../../../common/ports/index.ts';
import type { ExecutionResult, Sha256Hex } from '../../../common/types/index.ts';
import type { ClaimedWork } from '../../../worker/loop/CoordinatorPort.ts';
import { FakePort } from './fakePort.ts';
import { JobLoop } from '../../../worker/loop/JobLoop.ts';
import { runClaim, type RunnerDeps, type RunnerExecutor } from '../../../worker/loop/JobRunner.ts';
import { ModuleCache } from '../../../worker/loop/ModuleCache.ts';
import { sampleRequest, wasmUrlRequest } from '../../coordinator/helpers/fixtures.ts';
import { noSecretsForTests } from './helpers.ts';

const SHA = 'cd'.repeat(32) as Sha256Hex;

const okResult: ExecutionResult = {
  status: 'ok',
  exitCode: 0,
  fuelUsed: 10,
  timeMs: 1,
  stdout: 'hi',
  stderr: '',
  stdoutTruncated: false,
  stderrTruncated: false,
};
const okExecutor: RunnerExecutor & { runs: number } = {
  runs: 0,
  async run() {
    this.runs++;
    return okResult;
  },
};

function deps(port: FakePort, submitter: ResolveSubmitter, lines: string[] = [], over: Partial<RunnerDeps> = {}): RunnerDeps {
  const modules = new ModuleCache(1 << 20);
  modules.set(SHA, new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return {
    coordinator: port,
    builder: {
      pin: async (src) => src,
      build: async () => {
        throw new Error('no builds here');
      },
    },
    modules,
    log: createLogger({ service: 'test' }, sink).child({}, { level: 'warn' }),
    lockTtlMs: 1_000,
    waitPollMs: 10,
    inFlight: new Map(),
    executor: okExecutor,
    secrets: noSecretsForTests,
    submitter,
    heartbeatMs: 60_000,
    ...over,
  };
}

/** An execute-only claim of a cached module (two jobs when `compile`). */
const work = (over: Partial<ClaimedWork> = {}): ClaimedWork => ({
  request: wasmUrlRequest(1, SHA),
  jobs: [{ id: 'exec-1', type: 'execute' }],
  moduleSha256: SHA,
  ...over,
});
const throwing = (e: Error): ResolveSubmitter => ({
  resolve: async () => {
    throw e;
  },
});
const stop = () => new AbortController().signal;

describe('worker loop: failures sorted by isTransient (issue 12)', () => {
  it('a permanent error is reported once, not retryable', async () => {
    const port = new FakePort();
    const permanent = new ErrandError('CHAIN__TX_FAILED', 'ERR_FORMAT_MISMATCH: output format differs', {
      txHash: 't',
      kind: 'panic',
      message: 'ERR_FORMAT_MISMATCH',
    });
    await runClaim(deps(port, throwing(permanent)), work(), stop());
    assert.deepEqual(port.fails, [{ jobId: 'exec-1', code: 'CHAIN__TX_FAILED', retryable: false }]);
  });

  it('a transient error hands the claim back once, retryable', async () => {
    const port = new FakePort();
    const transient = new ErrandError('CHAIN__RPC_UNREACHABLE', 'rpc down', { url: 'http://x' });
    await runClaim(deps(port, throwing(transient)), work(), stop());
    assert.deepEqual(port.fails, [{ jobId: 'exec-1', code: 'CHAIN__RPC_UNREACHABLE', retryable: true }]);
  });

  it('a module evicted between the claim and its download is handed back (the next claim compiles it)', async () => {
    const port = new FakePort();
    const d = deps(port, throwing(new Error('unused')));
    const evicted = work({ moduleSha256: 'ef'.repeat(32) as Sha256Hex }); // not in the worker's cache; the port answers 404
    await runClaim(d, evicted, stop());
    assert.deepEqual(port.fails, [{ jobId: 'exec-1', code: 'COORDINATOR__WASM_NOT_FOUND', retryable: true }]);
  });

  it('a hand-back that cannot be delivered is logged, not swallowed', async () => {
    const port = new FakePort();
    port.failError = new ErrandError('COORDINATOR__LEASE_LOST', 'gone', { jobId: 'exec-1', workerId: 'w' });
    const lines: string[] = [];
    await runClaim(deps(port, throwing(new ErrandError('COMMON__UNAVAILABLE', 'down', { service: 'chain' })), lines), work(), stop());
    assert.equal(port.fails.length, 1);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; code?: string; failure?: string }).find((l) => /could not report/.test(l.msg));
    assert.ok(logged, `logged: ${lines.join('')}`);
    assert.equal(logged.code, 'COORDINATOR__LEASE_LOST');
    assert.equal(logged.failure, 'COMMON__UNAVAILABLE');
  });

  it('a file:// source outside development mode is refused for good, before anything runs', async () => {
    const port = new FakePort();
    const runs = okExecutor.runs;
    const fileWork = work({ request: sampleRequest(2) }); // file:///repos/hello
    await runClaim(deps(port, { resolve: async () => ({ txHash: 't', alreadyResolved: false }) }), fileWork, stop());
    assert.deepEqual(port.fails, [{ jobId: 'exec-1', code: 'WORKER__SOURCE_NOT_ALLOWED', retryable: false }]);
    assert.equal(okExecutor.runs, runs, 'nothing executed');
    // In development mode the same claim runs.
    const dev = new FakePort();
    await runClaim(
      deps(dev, { resolve: async () => ({ txHash: 't', alreadyResolved: false }) }, [], { allowFileSources: true }),
      work({ request: sampleRequest(2) }),
      stop(),
    );
    assert.deepEqual([dev.fails, dev.completed], [[], ['exec-1']]);
  });

  it('sixteen lanes polling at once: no MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const port = new FakePort();
      const loop = new JobLoop(deps(port, throwing(new Error('unused'))), { concurrency: 16, pollTimeoutMs: 50, graceMs: 0 });
      loop.start();
      await new Promise((r) => setTimeout(r, 30));
      await loop.stop(0);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off('warning', onWarning);
    }
    assert.deepEqual(
      warnings.filter((w) => w === 'MaxListenersExceededWarning'),
      [],
    );
  });
});
