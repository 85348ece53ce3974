/**
 * Secrets storage deposits and the worker stake lifecycle of the committed errand.wasm on the
 * local NEAR chain, asserted on real account balances in yoctoNEAR (gas price 0), plus a sweep
 * that checks every event the contract logs is NEP-297.
 */
import assert from 'node:assert/strict';
import { DEPOSIT, MEASUREMENT, NEAR, PRICING, STORAGE_BYTE_COST, errorCode, events, okResponse, requestArgs } from './support/fixtures.ts';
import { ALICE, OWNER, PAYER, STRANGER, WORKER, withChain, type CallOutcome } from './support/localDriver.ts';

const CONFIG = { pricing: PRICING, min_stake: (5n * NEAR).toString(), unbonding_period_blocks: 6 };

function expectErr(r: CallOutcome, code: string): void {
  assert.equal(r.ok, false, `expected ${code}, call succeeded`);
  assert.equal(errorCode(r.error ?? ''), code, r.error ?? '');
}

function ok(r: CallOutcome): CallOutcome {
  assert.ok(r.ok, r.error ?? '');
  return r;
}

const SECRETS = {
  repo: 'https://example.com/app.git',
  branch: 'main',
  profile: 'default',
  encrypted: Buffer.from('sealed envelope bytes').toString('base64'),
  access_condition: {
    type: 'Logic',
    op: 'OR',
    conditions: [
      { type: 'Whitelist', accounts: ['alice.test'] },
      { type: 'RequireNearBalance', min: '1000' },
    ],
  },
};

describe('near contract on the local chain: secrets and workers', function () {
  this.timeout(60_000);

  it('secrets: store, overwrite (grow and shrink), delete with exact storage refunds', () =>
    withChain(CONFIG, async (d) => {
      const usage0 = d.storageUsage();
      const alice0 = d.balance(ALICE);
      expectErr(await d.call(ALICE, 'store_secrets', SECRETS, 1n), 'ERR_INSUFFICIENT_STORAGE_DEPOSIT');
      assert.equal(d.balance(ALICE), alice0);

      const stored = ok(await d.call(ALICE, 'store_secrets', SECRETS, NEAR));
      const bytes1 = d.storageUsage() - usage0;
      const deposit1 = bytes1 * STORAGE_BYTE_COST;
      assert.deepEqual(stored.value, { storage_deposit: deposit1.toString(), refunded: (NEAR - deposit1).toString() });
      await d.until(() => d.balance(ALICE) === alice0 - deposit1);

      const entry = d.view('get_secrets', { owner: ALICE, repo: SECRETS.repo, branch: 'main', profile: 'default' }) as Record<string, unknown>;
      assert.deepEqual(entry, {
        owner: ALICE,
        repo: SECRETS.repo,
        branch: 'main',
        profile: 'default',
        encrypted: SECRETS.encrypted,
        access_condition: SECRETS.access_condition,
        storage_deposit: deposit1.toString(),
      });
      assert.equal(d.view('get_secrets', { owner: ALICE, repo: SECRETS.repo, branch: null, profile: 'default' }), null);

      const bigger = { ...SECRETS, encrypted: Buffer.alloc(900, 7).toString('base64') };
      ok(await d.call(ALICE, 'store_secrets', bigger, NEAR));
      const deposit2 = (d.storageUsage() - usage0) * STORAGE_BYTE_COST;
      await d.until(() => d.balance(ALICE) === alice0 - deposit2);

      const smaller = { ...SECRETS, encrypted: 'QQ==', access_condition: { type: 'AllowAll' } };
      const shrink = ok(await d.call(ALICE, 'store_secrets', smaller, 0n));
      const deposit3 = (d.storageUsage() - usage0) * STORAGE_BYTE_COST;
      assert.ok(deposit3 < deposit1);
      assert.equal((shrink.value as { refunded: string }).refunded, (deposit2 - deposit3).toString());
      await d.until(() => d.balance(ALICE) === alice0 - deposit3);

      assert.deepEqual(d.view('list_user_secrets', { owner: ALICE }), [
        { repo: SECRETS.repo, branch: 'main', profile: 'default', storage_deposit: deposit3.toString() },
      ]);
      expectErr(await d.call(STRANGER, 'delete_secrets', { repo: SECRETS.repo, branch: 'main', profile: 'default' }), 'ERR_SECRETS_NOT_FOUND');
      const deleted = ok(await d.call(ALICE, 'delete_secrets', { repo: SECRETS.repo, branch: 'main', profile: 'default' }));
      assert.deepEqual(deleted.value, { refunded: deposit3.toString() });
      await d.until(() => d.balance(ALICE) === alice0);
      assert.equal(d.storageUsage(), usage0, 'every stored byte is freed');
      assert.deepEqual(d.view('list_user_secrets', { owner: ALICE }), []);
      for (const r of [stored, shrink, deleted]) events(r.logs);
    }));

  it('workers: stake, unbond, withdraw, slash, with exact balances', () =>
    // An unbonding period long enough that the early withdraw lands inside it even on a busy machine.
    withChain(
      { ...CONFIG, unbonding_period_blocks: 80 },
      async (d) => {
        const key = d.publicKeyOf(WORKER);
        const w0 = d.balance(WORKER);
        expectErr(await d.call(WORKER, 'register_worker', { public_key: key, measurement: MEASUREMENT }, 5n * NEAR - 1n), 'ERR_STAKE_TOO_SMALL');
        const reg = ok(await d.call(WORKER, 'register_worker', { public_key: key, measurement: MEASUREMENT }, 6n * NEAR));
        assert.equal(events(reg.logs)[0]!.event, 'worker_registered');
        assert.equal(d.balance(WORKER), w0 - 6n * NEAR);
        const view = d.view('get_worker_by_key', { public_key: key }) as Record<string, unknown>;
        assert.equal(view.account_id, WORKER);
        assert.equal(view.stake, (6n * NEAR).toString());
        assert.equal(view.status, 'active');

        expectErr(await d.call(STRANGER, 'slash_worker', { account_id: WORKER, amount: NEAR.toString(), reason: 'wrong output' }), 'ERR_NOT_OWNER');
        const slash = ok(await d.call(OWNER, 'slash_worker', { account_id: WORKER, amount: (2n * NEAR).toString(), reason: 'wrong output' }));
        assert.equal(events(slash.logs)[0]!.event, 'worker_slashed');
        const slashed = d.view('get_worker', { account_id: WORKER }) as Record<string, unknown>;
        assert.equal(slashed.status, 'slashed');
        assert.equal(slashed.stake, (4n * NEAR).toString());
        assert.equal((slashed.slashes as { reason: string }[])[0]!.reason, 'wrong output');

        // A slashed worker can no longer resolve.
        const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
        // Its yield outlives this test; the chain closes under it.
        d.call(ALICE, 'request_execution', requestArgs(), DEPOSIT).catch(() => undefined);
        await d.until(() => d.view('get_request', { request_id: id }) !== null);
        expectErr(
          await d.call(WORKER, 'resolve_execution', { request_id: id, response: okResponse({ instructions: 1, time_ms: 1, compile_time_ms: 1 }) }),
          'ERR_WORKER_NOT_ACTIVE',
        );

        const unreg = ok(await d.call(WORKER, 'unregister_worker', {}));
        const ends = (events(unreg.logs)[0]!.data[0] as { unbonding_ends_at: number }).unbonding_ends_at;
        expectErr(await d.call(WORKER, 'withdraw_stake', {}), 'ERR_STILL_UNBONDING');
        await d.until(() => d.near.height >= ends);
        const before = d.balance(WORKER);
        const wd = ok(await d.call(WORKER, 'withdraw_stake', {}));
        assert.deepEqual(wd.value, { amount: (4n * NEAR).toString() });
        await d.until(() => d.balance(WORKER) === before + 4n * NEAR);
        assert.equal((d.view('get_worker', { account_id: WORKER }) as { status: string }).status, 'withdrawn');
        assert.equal(d.view('get_worker_by_key', { public_key: key }), null);

        const owner0 = d.balance(OWNER);
        ok(await d.call(OWNER, 'withdraw_fees', { amount: (2n * NEAR).toString() }));
        await d.until(() => d.balance(OWNER) === owner0 + 2n * NEAR);
      },
      { yieldTimeoutBlocks: 400 },
    ));

  it('every event the contract logs is NEP-297 with the documented fields', () =>
    withChain({ ...CONFIG, request_timeout_blocks: 5 }, async (d) => {
      const logs: string[] = [];
      const run = async (from: string, method: string, args: unknown, deposit = 0n): Promise<CallOutcome> => {
        const r = ok(await d.call(from, method, args, deposit));
        logs.push(...r.logs);
        return r;
      };
      await run(OWNER, 'set_pricing', { pricing: PRICING });
      await run(OWNER, 'pause', {});
      await run(OWNER, 'unpause', {});
      await run(WORKER, 'register_worker', { public_key: d.publicKeyOf(WORKER), measurement: MEASUREMENT }, 5n * NEAR);
      await run(ALICE, 'store_secrets', SECRETS, NEAR);
      await run(ALICE, 'delete_secrets', { repo: SECRETS.repo, branch: 'main', profile: 'default' });
      const id = (d.view('get_config') as { next_request_id: number }).next_request_id;
      const pending = d.call(ALICE, 'request_execution', requestArgs({ payer_account_id: PAYER, input: 'z'.repeat(2000) }), DEPOSIT);
      await d.until(() => d.view('get_request', { request_id: id }) !== null);
      await run(WORKER, 'submit_execution_output', { request_id: id, output: { format: 'text', value: 'big '.repeat(400) } }, NEAR);
      const out = d.view('get_execution_output', { request_id: id }) as { sha256: string; bytes: number };
      await run(WORKER, 'resolve_execution', {
        request_id: id,
        response: {
          success: true,
          output: { format: 'stored', sha256: out.sha256, bytes: out.bytes },
          resources_used: { instructions: 1, time_ms: 1, compile_time_ms: 1 },
        },
      });
      const final = await pending;
      logs.push(...final.logs);
      await run(ALICE, 'delete_execution_output', { request_id: id });
      await run(PAYER, 'delete_request', { request_id: id });
      await run(WORKER, 'unregister_worker', {});
      await run(OWNER, 'slash_worker', { account_id: WORKER, amount: '1', reason: 'test' });

      const seen = events(logs);
      assert.equal(logs.length, seen.length, 'the contract logs nothing but events');
      const names = new Set(seen.map((e) => e.event));
      for (const n of [
        'pricing_updated',
        'paused',
        'unpaused',
        'worker_registered',
        'secrets_stored',
        'secrets_deleted',
        'execution_requested',
        'execution_output_submitted',
        'execution_completed',
        'request_deleted',
        'worker_unregistered',
        'worker_slashed',
      ]) {
        assert.ok(names.has(n), `missing event ${n}`);
      }
      const requested = seen.find((e) => e.event === 'execution_requested')!.data[0]!;
      assert.deepEqual(Object.keys(requested), [
        'request_id',
        'data_id',
        'sender_id',
        'payer_id',
        'source',
        'input',
        'input_base64',
        'input_in_state',
        'secrets_ref',
        'resource_limits',
        'http',
        'response_format',
        'deposit',
        'block_height',
        'deadline',
      ]);
      assert.equal(requested.input, null);
      assert.equal(requested.input_in_state, true);
      const completed = seen.find((e) => e.event === 'execution_completed')!.data[0]!;
      assert.deepEqual(completed.output, { format: 'stored', sha256: out.sha256, bytes: out.bytes });
      assert.equal(completed.worker_id, WORKER);
      assert.deepEqual(Object.keys(completed), [
        'request_id',
        'status',
        'success',
        'worker_id',
        'payer_id',
        'charged',
        'worker_payment',
        'refund',
        'fees_kept',
        'storage_fee',
        'resources_used',
        'error',
        'output',
        'transcript_sha256',
      ]);
      const deleted = seen.find((e) => e.event === 'request_deleted')!.data[0]!;
      assert.deepEqual(deleted, { request_id: id, payer_id: PAYER, refunded: completed.storage_fee });
    }));
});
