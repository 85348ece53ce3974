/**
 * The hand-written IDL against the program: discriminators are Anchor's (sha256 of
 * "global:"/"account:"/"event:" names) and equal the program's discriminators.h; error codes and
 * names equal errors.h; account sizes equal layout.h; every instruction encodes and decodes
 * through Anchor's coder and is dispatched by the deployed program (no InvalidInstruction).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BorshInstructionCoder } from '@coral-xyz/anchor';
import { Keypair, TransactionInstruction } from '@solana/web3.js';
import { bn } from '../../contracts/solana/client/anchorShapes.ts';
import { ERRAND_IDL } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { funded, sendRaw, startLocal } from './helpers.ts';

const program = (f: string) => readFileSync(new URL(`../../contracts/solana/program/${f}`, import.meta.url), 'utf8');
const defines = (src: string) => new Map([...src.matchAll(/#define (\w+) (0x[0-9a-f]+ULL|\d+)/g)].map((m) => [m[1], BigInt(m[2].replace('ULL', ''))]));
const anchorDisc = (s: string) => [...createHash('sha256').update(s).digest().subarray(0, 8)];
const snake = (n: string) =>
  n
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
const le = (d: number[]) => Buffer.from(d).readBigUInt64LE();

describe('solana IDL', function () {
  this.timeout(120_000);
  const discs = defines(program('discriminators.h'));

  it("discriminators are Anchor's and the program's", () => {
    for (const ix of ERRAND_IDL.instructions) {
      assert.deepEqual(ix.discriminator, anchorDisc(`global:${ix.name}`), ix.name);
      assert.equal(le(ix.discriminator), discs.get(`IX_${ix.name.toUpperCase()}`), ix.name);
    }
    for (const a of ERRAND_IDL.accounts ?? []) {
      assert.deepEqual(a.discriminator, anchorDisc(`account:${a.name}`));
      assert.equal(le(a.discriminator), discs.get(`ACC_${snake(a.name)}`), a.name);
    }
    for (const e of ERRAND_IDL.events ?? []) {
      assert.deepEqual(e.discriminator, anchorDisc(`event:${e.name}`));
      assert.equal(le(e.discriminator), discs.get(`EV_${snake(e.name)}`), e.name);
    }
    assert.equal(ERRAND_IDL.instructions.length, [...discs.keys()].filter((k) => k.startsWith('IX_')).length);
    // The instruction Errand sends to a requester's callback program (its args: type ErrandCallbackArgs).
    assert.equal(le(anchorDisc('global:errand_callback')), discs.get('CB_ERRAND_CALLBACK'));
    assert.ok(ERRAND_IDL.types?.some((t) => t.name === 'ErrandCallbackArgs'));
  });

  it("errors equal the program's codes", () => {
    const codes = defines(program('errors.h'));
    assert.equal(ERRAND_IDL.errors?.length, codes.size);
    for (const e of ERRAND_IDL.errors ?? []) assert.equal(BigInt(e.code), codes.get(`E_${snake(e.name)}`), e.name);
  });

  describe('against the deployed program', () => {
    let local: LocalSolana;
    let payer: Keypair;
    before(async () => {
      local = await startLocal();
      payer = await funded(local);
    });
    after(async () => {
      await local.stop();
    });

    it('account sizes equal layout.h', async () => {
      const layout = defines(program('layout.h'));
      const client = local.client(payer);
      const coder = client.program.coder.accounts;
      const cfg = await local.connection().getAccountInfo(client.config);
      assert.equal(cfg?.data.length, Number(layout.get('CFG_SIZE')));
      const decoded = coder.decode('config', cfg!.data);
      assert.equal((await coder.encode('config', decoded)).length, Number(layout.get('CFG_SIZE')));
      for (const [name, size] of [
        ['request', 'REQ_SIZE'],
        ['worker', 'WRK_SIZE'],
      ] as const) {
        const ty = client.program.idl.types!.find((t) => t.name.toLowerCase() === name)!;
        assert.ok(ty, name);
        assert.equal(coder.size(name), Number(layout.get(size)), name);
      }
    });

    it('every instruction is dispatched by the program', async () => {
      for (const ix of ERRAND_IDL.instructions) {
        const bare = new TransactionInstruction({ programId: local.programId, keys: [], data: Buffer.from(ix.discriminator) });
        assert.equal(await sendRaw(local, bare, [payer]), 'NotEnoughAccounts', ix.name);
      }
    });

    it("every instruction round-trips through Anchor's coder", () => {
      const coder = local.client(payer).program.coder.instruction as BorshInstructionCoder;
      const key = Keypair.generate().publicKey;
      const samples: Record<string, Record<string, unknown>> = {
        withdrawFees: { amount: bn(5) },
        registerWorker: { workerKey: Array(32).fill(1), measurement: Buffer.from([1, 2]), stake: bn(7) },
        storeSecrets: { repo: 'r', branch: null, profile: 'p', envelope: Buffer.from([1]), accessCondition: Buffer.from([2]) },
        cancelStaleExecution: {},
        unregisterWorker: {},
        withdrawStake: {},
        deleteSecrets: {},
        resolveExecution: {
          success: true,
          resourcesUsed: { instructions: bn(1), timeMs: bn(2), compileTimeMs: bn(3) },
          output: { inline: { data: Buffer.from('o') } },
          error: '',
          skipCallback: true,
          transcriptSha256: Array(32).fill(5),
          httpUsed: { requests: bn(2), responseBytes: bn(3) },
        },
        requestExecution: {
          nonce: bn(1),
          deposit: bn(2),
          source: { git: { repo: 'r', commit: 'c', target: 'wasm32-wasip1', path: null } },
          input: { inline: { data: Buffer.from('i') } },
          limits: { maxInstructions: bn(1), maxMemoryMb: bn(1), maxExecutionMs: bn(1), maxCompileMs: bn(0) },
          responseFormat: 0,
          secretsRef: { owner: key, profile: 'p' },
          http: { allow: ['api.example.com', '*.example.org:8443'], maxRequests: bn(4), maxResponseBytes: bn(4096) },
          callback: { programId: key, accounts: [{ pubkey: key, writable: true }] },
        },
      };
      const cfgArgs = {
        owner: key,
        pricing: { baseFee: bn(1), perMillionInstructions: bn(2), perMs: bn(3), perCompileMs: bn(4), perHttpRequest: bn(5), perHttpKib: bn(6) },
        maxLimits: { maxInstructions: bn(1), maxMemoryMb: bn(1), maxExecutionMs: bn(1), maxCompileMs: bn(1) },
        minStake: bn(1),
        unbondingPeriodSlots: bn(1),
        timeoutSlots: bn(1),
        protocolFeeBps: 1,
        maxInputBytes: 1,
        maxOutputBytes: 1,
      };
      samples.initialize = { args: cfgArgs };
      samples.updateConfig = { args: cfgArgs };
      const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      for (const ix of ERRAND_IDL.instructions) {
        const name = camel(ix.name);
        const data = coder.encode(name, samples[name]);
        assert.deepEqual([...data.subarray(0, 8)], ix.discriminator, name);
        const back = coder.decode(data);
        assert.equal(back?.name, name);
        assert.deepEqual(coder.encode(name, back!.data as Record<string, unknown>), data, name);
      }
    });
  });
});
