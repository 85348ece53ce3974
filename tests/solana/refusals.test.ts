/**
 * The remaining refusals (overflow, invalid results, oversized outputs, still unbonding, an
 * unsupported rent sysvar), and a check that every error of the IDL is asserted by some Solana
 * test, so a code nobody exercises is noticed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import type { Keypair } from '@solana/web3.js';
import { Rent } from 'litesvm/dist/internal.js';
import { ERRAND_IDL, type ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { funded, LIMITS, rejectsWith, SOURCE, startLocal, testConfig } from './helpers.ts';

describe('solana program: refusals', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let alice: Keypair, worker: Keypair;
  let client: ErrandSolanaClient, workerClient: ErrandSolanaClient, ownerClient: ErrandSolanaClient;

  before(async () => {
    local = await startLocal();
    [alice, worker] = [await funded(local), await funded(local)];
    client = local.client(alice);
    workerClient = local.client(worker);
    ownerClient = local.client(local.owner);
    await workerClient.registerWorker(Buffer.alloc(32, 6), Buffer.from('aa', 'hex'), 1_000_000_000n);
  });
  after(async () => {
    await local.stop();
  });

  it('prices that overflow u64 are refused, never wrapped', async () => {
    const cfg = testConfig(local.owner);
    await ownerClient.updateConfig({ ...cfg, pricing: { ...cfg.pricing, perMs: 2n ** 63n } });
    try {
      await rejectsWith(
        client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('o') }, limits: LIMITS, deposit: 1n }),
        'Overflow',
      );
    } finally {
      await ownerClient.updateConfig(cfg);
    }
  });

  it('invalid results and oversized outputs are refused, and the request stays payable', async () => {
    const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('r') }, limits: LIMITS });
    const used = { instructions: 1n, timeMs: 1n, compileTimeMs: 0n };
    await rejectsWith(
      workerClient.resolveExecution(sent.request, alice.publicKey, { success: false, resourcesUsed: used, output: { kind: 'none' }, error: '' }),
      'InvalidResult',
    );
    await rejectsWith(
      workerClient.resolveExecution(sent.request, alice.publicKey, {
        success: true,
        resourcesUsed: used,
        output: { kind: 'inline', data: Buffer.alloc(601, 1) },
        error: '',
      }),
      'OutputTooLarge',
    );
    await rejectsWith(
      workerClient.resolveExecution(sent.request, alice.publicKey, {
        success: true,
        resourcesUsed: used,
        output: { kind: 'stored', sha256: Buffer.alloc(32), bytes: 1n, reference: 'has space' },
        error: '',
      }),
      'InvalidResult',
    );
    await workerClient.resolveExecution(sent.request, alice.publicKey, {
      success: true,
      resourcesUsed: used,
      output: { kind: 'inline', data: Buffer.alloc(600, 1) },
      error: '',
    });
  });

  it('withdraw_stake before the unbonding period ends is refused', async () => {
    const cfg = testConfig(local.owner);
    await ownerClient.updateConfig({ ...cfg, unbondingPeriodSlots: 1_000_000n });
    try {
      const w = local.client(await funded(local));
      await w.registerWorker(Buffer.alloc(32, 7), Buffer.from('aa', 'hex'), 1_000_000_000n);
      await w.unregisterWorker();
      await rejectsWith(w.withdrawStake(), 'StillUnbonding');
    } finally {
      await ownerClient.updateConfig(cfg);
    }
  });

  it('a rent sysvar with an exemption threshold other than 1.0 or 2.0 is refused', async () => {
    const before = local.chain.svm.getRent();
    local.chain.svm.setRent(new Rent(3480n, 1.5, 50));
    try {
      await rejectsWith(
        client.storeSecrets({ repo: 'https://x/y', branch: null, profile: 'p', envelope: Buffer.alloc(4, 1), accessCondition: Buffer.from('{}') }),
        'UnsupportedRent',
      );
    } finally {
      local.chain.svm.setRent(before);
    }
  });

  it('every IDL error is asserted by a Solana test (reserved codes the program no longer returns excepted)', () => {
    const dir = new URL('./', import.meta.url);
    const text = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n');
    const missing = (ERRAND_IDL.errors ?? [])
      .filter((e) => !e.msg?.startsWith('Reserved'))
      .map((e) => e.name)
      .filter((n) => !text.includes(`'${n}'`));
    assert.deepEqual(missing, []);
  });
});
