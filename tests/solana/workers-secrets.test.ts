/** Workers (register, unregister, withdraw_stake), secrets (store, delete) and configuration
 * (initialize, update_config, withdraw_fees) through web3.js against the local Solana. */
import assert from 'node:assert/strict';
import type { Keypair } from '@solana/web3.js';
import { secretsKeyHash, type ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { balance, funded, LIMITS, rejectsWith, SOURCE, startLocal, testConfig, UNBONDING_SLOTS, untilSlot } from './helpers.ts';
import type { EventData } from './helpers.ts';

const FEE = 5000n;
const STAKE = 2_000_000_000n;

describe('solana program: workers, secrets, config', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let alice: Keypair;
  let client: ErrandSolanaClient;

  before(async () => {
    local = await startLocal();
    alice = await funded(local);
    client = local.client(alice);
  });
  after(async () => {
    await local.stop();
  });

  it('register holds the stake in the worker PDA; unregister starts unbonding; withdraw returns stake + rent', async () => {
    const w = await funded(local);
    const wc = local.client(w);
    const b0 = await balance(local, w.publicKey);
    const reg = await wc.registerWorker(Buffer.alloc(32, 3), Buffer.from('ab'.repeat(24), 'hex'), STAKE);
    const view = (await wc.getWorker(w.publicKey))!;
    const rent = BigInt(await local.connection().getMinimumBalanceForRentExemption(163));
    assert.equal(view.stake, STAKE);
    assert.equal(view.status, 'active');
    assert.equal(view.measurement.toString('hex'), 'ab'.repeat(24));
    assert.equal(await balance(local, view.address), STAKE + rent);
    assert.equal(await balance(local, w.publicKey), b0 - STAKE - rent - FEE);
    const ev = reg.events.find((e) => e.name === 'workerRegistered')!.data as EventData;
    assert.equal(ev.stake.toString(), STAKE.toString());
    await rejectsWith(wc.registerWorker(Buffer.alloc(32, 3), Buffer.from('ab', 'hex'), STAKE), 'WorkerExists');
    await rejectsWith(wc.withdrawStake(), 'WorkerNotUnbonding');

    const un = await wc.unregisterWorker();
    const ends = BigInt((un.events[0].data as EventData).unbondingEndsSlot.toString());
    assert.equal((await wc.getWorker(w.publicKey))!.status, 'unbonding');
    await rejectsWith(wc.unregisterWorker(), 'WorkerNotActive');
    // An unbonding worker cannot resolve.
    const req = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('q') }, limits: LIMITS });
    await rejectsWith(
      wc.resolveExecution(req.request, alice.publicKey, {
        success: true,
        resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n },
        output: { kind: 'none' },
        error: '',
      }),
      'WorkerNotActive',
    );
    if (BigInt(local.chain.slot()) < ends) await rejectsWith(wc.withdrawStake(), 'StillUnbonding');
    await untilSlot(local, ends);
    const b1 = await balance(local, w.publicKey);
    const out = await wc.withdrawStake();
    assert.equal(await balance(local, w.publicKey), b1 + STAKE + rent - FEE);
    const sw = out.events[0].data as EventData;
    assert.equal(sw.stake.toString(), STAKE.toString());
    assert.equal(sw.rentRefund.toString(), rent.toString());
    assert.equal(await wc.getWorker(w.publicKey), null);
    assert.ok(UNBONDING_SLOTS > 0n);
  });

  it('refuses a stake below min_stake, a zero worker key, and a resolve by a non-worker', async () => {
    const w = local.client(await funded(local));
    await rejectsWith(w.registerWorker(Buffer.alloc(32, 1), Buffer.from('aa', 'hex'), 1n), 'StakeTooSmall');
    await rejectsWith(w.registerWorker(Buffer.alloc(32, 0), Buffer.from('aa', 'hex'), STAKE), 'InvalidWorker');
    const req = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('q') }, limits: LIMITS });
    await rejectsWith(
      w.resolveExecution(req.request, alice.publicKey, {
        success: true,
        resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n },
        output: { kind: 'none' },
        error: '',
      }),
      'NotAWorker',
    );
  });

  it('store_secrets is paid by its rent, delete_secrets refunds it exactly', async () => {
    const entry = {
      repo: 'https://github.com/alice/app',
      branch: 'main',
      profile: 'prod',
      envelope: Buffer.alloc(200, 5),
      accessCondition: Buffer.from('{"type":"AllowAll"}'),
    };
    const b0 = await balance(local, alice.publicKey);
    const st = await client.storeSecrets(entry);
    const view = (await client.getSecrets(alice.publicKey, entry.repo, entry.branch, entry.profile))!;
    assert.equal(await balance(local, alice.publicKey), b0 - view.lamports - FEE);
    assert.equal(view.repo, entry.repo);
    assert.equal(view.branch, 'main');
    assert.deepEqual(Buffer.from(view.envelope), entry.envelope);
    assert.deepEqual(view.keyHash, secretsKeyHash(entry.repo, entry.branch, entry.profile));
    const ev = st.events[0].data as EventData;
    assert.equal(ev.rent.toString(), view.lamports.toString());
    await rejectsWith(client.storeSecrets(entry), 'SecretsExist');
    // Another branch (and no branch) are other entries.
    await client.storeSecrets({ ...entry, branch: null });
    assert.ok(await client.getSecrets(alice.publicKey, entry.repo, null, entry.profile));

    const b1 = await balance(local, alice.publicKey);
    const del = await client.deleteSecrets(entry.repo, entry.branch, entry.profile);
    assert.equal(await balance(local, alice.publicKey), b1 + view.lamports - FEE);
    assert.equal((del.events[0].data as EventData).refunded.toString(), view.lamports.toString());
    assert.equal(await client.getSecrets(alice.publicKey, entry.repo, entry.branch, entry.profile), null);
    await rejectsWith(client.deleteSecrets(entry.repo, entry.branch, entry.profile), 'SecretsNotFound');
  });

  it('refuses invalid secrets entries', async () => {
    const ok = { repo: 'https://github.com/alice/app', branch: null, profile: 'p', envelope: Buffer.alloc(8, 1), accessCondition: Buffer.from('{}') };
    await rejectsWith(client.storeSecrets({ ...ok, profile: 'bad profile' }), 'InvalidSecrets');
    await rejectsWith(client.storeSecrets({ ...ok, repo: 'has space' }), 'InvalidSecrets');
    await rejectsWith(client.storeSecrets({ ...ok, envelope: Buffer.alloc(0) }), 'InvalidSecrets');
    await rejectsWith(client.storeSecrets({ ...ok, accessCondition: Buffer.alloc(0) }), 'InvalidSecrets');
  });

  it('update_config is owner-only; initialize runs once; withdraw_fees pays collected fees only', async () => {
    const ownerClient = local.client(local.owner);
    const cfg = testConfig(local.owner);
    await rejectsWith(client.updateConfig({ ...cfg, owner: alice.publicKey }), 'NotOwner');
    await rejectsWith(ownerClient.updateConfig({ ...cfg, protocolFeeBps: 10_001 }), 'InvalidConfig');
    const up = await ownerClient.updateConfig({ ...cfg, pricing: { ...cfg.pricing, baseFee: 200_000n } });
    assert.equal((up.events[0].data as EventData).pricing.baseFee.toString(), '200000');
    assert.equal((await client.getConfig()).pricing.baseFee, 200_000n);
    await rejectsWith(ownerClient.initialize(cfg), 'AlreadyInitialized');
    await rejectsWith(client.initialize(cfg), 'NotUpgradeAuthority');

    const worker = await funded(local);
    await local.client(worker).registerWorker(Buffer.alloc(32, 4), Buffer.from('aa', 'hex'), STAKE);
    const req = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('f') }, limits: LIMITS });
    await local.client(worker).resolveExecution(req.request, alice.publicKey, {
      success: false,
      resourcesUsed: { instructions: 0n, timeMs: 0n, compileTimeMs: 0n },
      output: { kind: 'none' },
      error: 'x',
    });
    const fees = (await client.getConfig()).feesCollected;
    assert.ok(fees > 0n);
    await rejectsWith(client.withdrawFees(1n, alice.publicKey), 'NotOwner');
    await rejectsWith(ownerClient.withdrawFees(fees + 1n, alice.publicKey), 'InsufficientFees');
    const [b0, c0] = [await balance(local, alice.publicKey), await balance(local, client.config)];
    await ownerClient.withdrawFees(fees, alice.publicKey);
    assert.equal(await balance(local, alice.publicKey), b0 + fees);
    assert.equal(await balance(local, client.config), c0 - fees, 'only the fees leave; the config keeps its rent');
    assert.equal((await client.getConfig()).feesCollected, 0n);
    await ownerClient.updateConfig(cfg);
  });
});
