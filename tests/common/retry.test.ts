/**
 * common/retry.ts and the named policies of common/retryPolicies.ts: how many attempts, which
 * errors are retried, what an abort does (stops at once, also in the middle of a wait), and the
 * backoff each policy computes.
 */
import assert from 'node:assert/strict';
import { ErrandError } from '../../common/errors/index.ts';
import { backoffMs, retry, type RetryPolicy } from '../../common/retry.ts';
import { isRetryableRpcHttpError, nearRpcHttp, RETRY_POLICIES } from '../../common/retryPolicies.ts';
import { ProviderError } from '../../contracts/near/client/postJsonRpc.ts';
import { coded, rejection } from './helpers/rejections.ts';

class Flaky extends Error {}
const policy = (over: Partial<RetryPolicy> = {}): RetryPolicy => ({
  name: 'test',
  maxAttempts: 4,
  baseMs: 1,
  factor: 2,
  capMs: Infinity,
  jitter: [1, 1],
  retryable: (e) => e instanceof Flaky,
  ...over,
});
const AN_HOUR = 3_600_000;

describe('retry', () => {
  it('makes maxAttempts attempts at most and throws the last error', async () => {
    const attempts: number[] = [];
    const e = await rejection(
      retry(async (n) => {
        attempts.push(n);
        throw new Flaky(`attempt ${n}`);
      }, policy()),
    );
    assert.deepEqual(attempts, [1, 2, 3, 4]);
    assert.equal((e as Error).message, 'attempt 4');
  });

  it('returns the first success, calling onRetry before each wait', async () => {
    const retried: [string, number, number][] = [];
    const value = await retry(
      async (n) => {
        if (n < 3) throw new Flaky(`attempt ${n}`);
        return 'ok';
      },
      policy({ baseMs: 2 }),
      undefined,
      { onRetry: (e, n, delay) => retried.push([(e as Error).message, n, delay]) },
    );
    assert.equal(value, 'ok');
    assert.deepEqual(retried, [
      ['attempt 1', 1, 2],
      ['attempt 2', 2, 4],
    ]);
  });

  it('throws an error the policy does not name at once', async () => {
    let calls = 0;
    const boom = new Error('not retryable');
    assert.equal(
      await rejection(
        retry(async () => {
          calls++;
          throw boom;
        }, policy()),
      ),
      boom,
    );
    assert.equal(calls, 1);
  });

  it('an abort during a wait ends it at once with the coded abort error, and no attempt follows', async () => {
    const ac = new AbortController();
    let calls = 0;
    const pending = rejection(
      retry(
        async () => {
          calls++;
          setTimeout(() => ac.abort(), 5);
          throw new Flaky('busy');
        },
        policy({ baseMs: AN_HOUR }),
        ac.signal,
      ),
    );
    // Waiting out the hour would time the test out: it ends because the abort ended the wait.
    assert.deepEqual(coded(await pending), { code: 'COMMON__ABORTED', message: 'test retry was aborted', context: { operation: 'test retry' } });
    assert.equal(calls, 1);
  });

  it('a timeout signal ends a wait as COMMON__TIMEOUT; a policy may keep the last error instead', async () => {
    const flaky = async (): Promise<never> => {
      throw new Flaky('pressure');
    };
    assert.equal(coded(await rejection(retry(flaky, policy({ baseMs: AN_HOUR }), AbortSignal.timeout(10)))).code, 'COMMON__TIMEOUT');
    const kept = await rejection(retry(flaky, policy({ baseMs: AN_HOUR, abortWaitThrowsLastError: true }), AbortSignal.timeout(10)));
    assert.ok(kept instanceof Flaky && kept.message === 'pressure');
  });

  it('once the signal has aborted, an attempt that fails is not retried, whatever its error', async () => {
    const ac = new AbortController();
    let calls = 0;
    const e = await rejection(
      retry(
        async () => {
          calls++;
          ac.abort();
          throw new Flaky('during the abort');
        },
        policy(),
        ac.signal,
      ),
    );
    assert.equal((e as Error).message, 'during the abort');
    assert.equal(calls, 1);
  });

  it('backs off by factor up to the cap, scaled by the jitter range', () => {
    const p = policy({ baseMs: 100, factor: 2, capMs: 500 });
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((n) => backoffMs(p, n)),
      [100, 200, 400, 500, 500],
    );
    const jittered = policy({ baseMs: 100, jitter: [0.5, 1.5] });
    for (let i = 0; i < 200; i++) {
      const d = backoffMs(jittered, 2);
      assert.ok(d >= 100 && d < 300, `${d} within [0.5, 1.5) x 200`);
    }
  });
});

describe('RETRY_POLICIES', () => {
  it('dbTransient retries serialization failures, deadlocks and "cannot connect now" only', () => {
    const { retryable } = RETRY_POLICIES.dbTransient;
    for (const code of ['40001', '40P01', '57P03']) assert.equal(retryable({ code }), true, code);
    for (const code of ['23505', '57014', '42P01']) assert.equal(retryable({ code }), false, code);
    assert.equal(retryable(new Error('plain')), false);
  });

  it('txSubmit retries node timeouts, unreachable RPC, stale nonces and expired transactions only', () => {
    const { retryable } = RETRY_POLICIES.txSubmit;
    assert.equal(retryable(new ErrandError('COMMON__TIMEOUT', 't', { operation: 'x', timeoutMs: 1 })), true);
    assert.equal(retryable(new ErrandError('CHAIN__RPC_UNREACHABLE', 'u', { url: 'u', reason: 'r' })), true);
    assert.equal(retryable(new ErrandError('CHAIN__INVALID_NONCE', 'n', { txNonce: '1', akNonce: '2' })), true);
    assert.equal(retryable(new ErrandError('CHAIN__INVALID_TRANSACTION', 'e', { reason: 'Expired', detail: '' })), true);
    assert.equal(retryable(new ErrandError('CHAIN__INVALID_TRANSACTION', 'b', { reason: 'NotEnoughBalance', detail: '' })), false);
    assert.equal(retryable(new ErrandError('COMMON__ABORTED', 'a', { operation: 'x' })), false);
  });

  it("rpcHttp is near-api-js's rule: HTTP 500/503/408 or a fetch error by its text, with the provider's attempts and waits", () => {
    for (const status of [500, 503, 408]) assert.equal(isRetryableRpcHttpError(new ProviderError('x', { cause: status })), true, String(status));
    for (const status of [400, 404, 429]) assert.equal(isRetryableRpcHttpError(new ProviderError('x', { cause: status })), false, String(status));
    assert.equal(isRetryableRpcHttpError(new Error('FetchError: socket hang up')), true);
    assert.equal(isRetryableRpcHttpError(new TypeError('fetch failed')), false, "as in near-api-js: undici's wording is not retried");
    const p = nearRpcHttp({ retries: 3, backoff: 1.5, wait: 500 });
    assert.deepEqual([p.maxAttempts, backoffMs(p, 1), backoffMs(p, 2)], [3, 500, 750]);
    assert.equal(nearRpcHttp({ retries: 0, backoff: 2, wait: 1 }).maxAttempts, 1, 'always one attempt');
  });

  it('coordinatorPoll retries anything for ever, waiting 1-2x a backoff that doubles up to 5 s', () => {
    const p: RetryPolicy = RETRY_POLICIES.coordinatorPoll;
    assert.equal(p.maxAttempts, Infinity);
    assert.equal(p.retryable(new Error('anything')), true);
    const d = backoffMs(p, 20);
    assert.ok(d >= 5_000 && d < 10_000, String(d));
  });
});
