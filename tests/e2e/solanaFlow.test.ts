/**
 * End to end on the local Solana (the real program on LiteSVM), from `request_execution` to the
 * refund, with one stack shared by the scenarios that need a running worker: the Solana twin of
 * flow.test.ts. The result and the money are read from the program's settlement event and the
 * requester's balance.
 */
import assert from 'node:assert/strict';
import type { DevStack } from '../../cli/dev/startDevStack.ts';
import { encryptSecrets } from '../../keystore/index.ts';
import { storeSolanaSecrets } from '../../keystore/client/solanaSecretsOnChain.ts';
import { headCommit, LIMITS, programRepo, stepLog } from './helpers.ts';
import { solanaRequestAndSettle, startSolanaStack, text, type SolSettled } from './solanaHelpers.ts';
import { requireTools } from '../setup/requireTools.ts';

function assertRefundedAllButBaseFee(s: SolSettled): void {
  assert.equal(s.kind, 'resolved');
  assert.equal(s.charged, s.baseFee, 'only the base fee is charged');
  assert.equal(s.refund, s.deposit - s.baseFee);
  assert.equal(s.balanceBack, s.refund + s.rentRefund, "the requester got the refund and the request's rent back");
}

describe('end to end on Solana (local Solana, real program, coordinator, keystore, bubblewrap, executor)', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(300_000);
  const steps = stepLog();
  let stack: DevStack;
  let repo: string;

  before(async () => {
    stack = await startSolanaStack(steps);
    repo = programRepo();
  });
  after(async () => {
    await stack?.close();
  });

  it('an uncompiled source compiles then executes; the next request runs the cached module', async () => {
    const commit = headCommit(repo);
    const first = await solanaRequestAndSettle(stack, repo, 'upper:first', { commit });
    assert.equal(first.kind, 'resolved');
    assert.equal(text(first), 'FIRST');
    assert.equal(first.charged + first.refund, first.deposit, 'charged + refund = deposit');
    assert.ok(first.charged > first.baseFee, 'usage was charged on top of the base fee');
    assert.equal(first.balanceBack, first.refund + first.rentRefund);
    assert.ok(first.resourcesUsed!.instructions > 0n);
    assert.equal(first.worker, stack.workerIds[0]);

    const second = await solanaRequestAndSettle(stack, repo, 'upper:second', { commit });
    assert.equal(text(second), 'SECOND');
    const claims = steps.of('claimed');
    assert.deepEqual(claims.find((c) => c.requestId === first.requestId.toString())!.jobs, ['compile', 'execute']);
    const builds = steps.of('compiled').map((c) => Number(c.buildMs));
    assert.equal(builds.filter((ms) => ms > 0).length, 1, 'built once: the second request ran the cached build');
  });

  /** Stores through `errand secrets store --chain solana`'s own path, so the on-chain format is the
   * one the keystore's SolanaChainReader reads (the envelope's raw bytes, the condition as JSON). */
  async function storeSecret(accounts: string[], value: string): Promise<void> {
    const sol = stack.solana!;
    const owner = sol.user.publicKey.toBase58();
    const query = new URLSearchParams({ chain: 'solana', owner, repo });
    const pub = (await (await fetch(`${stack.coordinator.url}/v1/keystore/pubkey?${query}`)).json()) as { publicKey: string };
    const envelope = encryptSecrets(pub.publicKey, { chain: 'solana', owner, repo, branch: null }, 'e2e', { E2E_SECRET: value });
    const client = sol.client(sol.user);
    if (await client.getSecrets(sol.user.publicKey, repo, null, 'e2e')) await client.deleteSecrets(repo, null, 'e2e');
    await storeSolanaSecrets(client, { repo, branch: null, profile: 'e2e', envelope, condition: { type: 'Whitelist', accounts } });
  }

  it('secrets allowed: the program reads them from its environment', async () => {
    const owner = stack.solana!.user.publicKey.toBase58();
    await storeSecret([owner], 'twelve-bytes');
    const s = await solanaRequestAndSettle(stack, repo, 'secret', { secretsRef: { owner, profile: 'e2e' } });
    assert.equal(s.error, null, `no error expected, got ${JSON.stringify(s.error)}`);
    assert.equal(text(s), 'secret of 12 bytes\n');
  });

  it('secrets denied: reported on-chain, the requester refunded all but the base fee', async () => {
    const owner = stack.solana!.user.publicKey.toBase58();
    await storeSecret(['11111111111111111111111111111111'], 'not-for-the-user');
    const s = await solanaRequestAndSettle(stack, repo, 'secret', { secretsRef: { owner, profile: 'e2e' } });
    assert.equal(s.success, false);
    assert.equal(s.error?.code, 'KEYSTORE__ACCESS_DENIED');
    assertRefundedAllButBaseFee(s);
  });

  it('a program that runs out of fuel is reported as such and refunded all but the base fee', async () => {
    const s = await solanaRequestAndSettle(stack, repo, 'loop', { limits: { ...LIMITS, maxInstructions: 5_000_000 } });
    assert.equal(s.success, false);
    assert.match(s.error!.code, /FUEL_EXHAUSTED/);
    assertRefundedAllButBaseFee(s);
  });

  it('a program that traps is reported as a trap', async () => {
    const s = await solanaRequestAndSettle(stack, repo, 'trap');
    assert.equal(s.success, false);
    assert.match(s.error!.code, /TRAP/);
    assertRefundedAllButBaseFee(s);
  });

  it('two requests for one new source at once: one compile', async () => {
    const fresh = programRepo();
    const before = steps.of('compiled').length;
    const [a, b] = await Promise.all([solanaRequestAndSettle(stack, fresh, 'upper:a'), solanaRequestAndSettle(stack, fresh, 'upper:b')]);
    assert.deepEqual([text(a), text(b)], ['A', 'B']);
    const compiled = steps.of('compiled').slice(before);
    assert.equal(compiled.filter((c) => Number(c.buildMs) > 0).length, 1, 'exactly one build');
  });
});
