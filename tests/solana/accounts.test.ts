/**
 * Every account check of the program, one forged account each: a missing signature, a read-only
 * account that must be writable, an account of another owner, at another address than its PDA,
 * of another kind (discriminator), of another size, another program than the system program, and
 * records of another user. Each case names the error the program must answer.
 */
import assert from 'node:assert/strict';
import { Keypair, PublicKey, SystemProgram, TransactionInstruction } from '@solana/web3.js';
import { bn, inputToAnchor, limitsToAnchor, resultToAnchor, sourceToAnchor } from '../../contracts/solana/client/anchorShapes.ts';
import { programDataAddress, requestAddress, secretsAddress, workerAddress, type ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { copyOf, forge, readAccount, withAccount } from './forge.ts';
import { funded, LIMITS, sendRaw, SOURCE, startLocal, testConfig } from './helpers.ts';
import { configArgsToAnchor } from '../../contracts/solana/client/anchorShapes.ts';

describe('solana program: every account is checked', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let alice: Keypair, worker: Keypair, other: Keypair;
  let client: ErrandSolanaClient;
  let request: PublicKey;
  let nonce = 100;

  const RESULT = resultToAnchor({ success: true, resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n }, output: { kind: 'none' }, error: '' });

  async function requestIx(n = nonce++): Promise<TransactionInstruction> {
    return client.program.methods
      .requestExecution(
        bn(n),
        bn(10n ** 8n),
        sourceToAnchor(SOURCE),
        inputToAnchor({ kind: 'inline', data: Buffer.from('a') }),
        limitsToAnchor(LIMITS),
        0,
        null,
        null,
        null,
      )
      .accountsPartial({
        requester: alice.publicKey,
        config: client.config,
        request: requestAddress(client.programId, alice.publicKey, n),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }
  async function resolveIx(authority = worker.publicKey, req = request): Promise<TransactionInstruction> {
    return client.program.methods
      .resolveExecution(...RESULT)
      .accountsPartial({ authority, worker: workerAddress(client.programId, authority), config: client.config, request: req, requester: alice.publicKey })
      .instruction();
  }
  async function cancelIx(): Promise<TransactionInstruction> {
    return client.program.methods
      .cancelStaleExecution()
      .accountsPartial({ caller: other.publicKey, config: client.config, request, requester: alice.publicKey })
      .instruction();
  }

  before(async () => {
    local = await startLocal();
    [alice, worker, other] = [await funded(local), await funded(local), await funded(local)];
    client = local.client(alice);
    await local.client(worker).registerWorker(Buffer.alloc(32, 1), Buffer.from('aa', 'hex'), 1_000_000_000n);
    await local.client(other).registerWorker(Buffer.alloc(32, 2), Buffer.from('bb', 'hex'), 1_000_000_000n);
    request = (await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('r') }, limits: LIMITS, nonce: 1n })).request;
  });
  after(async () => {
    await local.stop();
  });

  const programOwned = (data: Buffer) => ({ data, owner: local.programId });

  it('request_execution', async () => {
    const cfg = client.config;
    const cases: [string, () => Promise<[TransactionInstruction, Keypair[]]>][] = [
      ['MissingSigner', async () => [withAccount(await requestIx(), 0, { isSigner: false }), [other]]],
      ['NotWritable', async () => [withAccount(await requestIx(), 1, { isWritable: false }), [alice]]],
      ['NotWritable', async () => [withAccount(await requestIx(), 2, { isWritable: false }), [alice]]],
      ['WrongPda', async () => [withAccount(await requestIx(), 1, { pubkey: copyOf(local, cfg) }), [alice]]],
      [
        'WrongAccountOwner',
        async () => [
          withAccount(await requestIx(), 1, { pubkey: forge(local, { data: readAccount(local, cfg).data, owner: SystemProgram.programId }) }),
          [alice],
        ],
      ],
      ['WrongDiscriminator', async () => [withAccount(await requestIx(), 1, { pubkey: request }), [alice]]],
      [
        'WrongAccountSize',
        async () => [
          withAccount(await requestIx(), 1, { pubkey: forge(local, programOwned(Buffer.concat([readAccount(local, cfg).data, Buffer.alloc(1)]))) }),
          [alice],
        ],
      ],
      ['WrongPda', async () => [withAccount(await requestIx(), 2, { pubkey: Keypair.generate().publicKey }), [alice]]],
      ['WrongProgram', async () => [withAccount(await requestIx(), 3, { pubkey: Keypair.generate().publicKey }), [alice]]],
    ];
    for (const [name, make] of cases) {
      const [ix, signers] = await make();
      assert.equal(await sendRaw(local, ix, signers), name, `request_execution: expected ${name}`);
    }
  });

  it('a donation to a future request PDA does not block it', async () => {
    const n = 4242;
    const pda = requestAddress(client.programId, alice.publicKey, n);
    forge(local, { lamports: 1_000_000n, data: Buffer.alloc(0), owner: SystemProgram.programId }, pda);
    assert.equal(await sendRaw(local, await requestIx(n), [alice]), null);
    assert.ok(await client.getRequest(pda));
  });

  it('resolve_execution', async () => {
    const cases: [string, () => Promise<[TransactionInstruction, Keypair[]]>][] = [
      ['MissingSigner', async () => [withAccount(await resolveIx(), 0, { isSigner: false }), [alice]]],
      ['NotWritable', async () => [withAccount(await resolveIx(), 0, { isWritable: false }), [alice, worker]]],
      // another worker's record for this signer
      ['NotAWorker', async () => [withAccount(await resolveIx(), 1, { pubkey: workerAddress(client.programId, other.publicKey) }), [worker]]],
      // a copy of this worker's record at a forged address
      ['NotAWorker', async () => [withAccount(await resolveIx(), 1, { pubkey: copyOf(local, workerAddress(client.programId, worker.publicKey)) }), [worker]]],
      [
        'WrongAccountOwner',
        async () => [
          withAccount(await resolveIx(), 1, {
            pubkey: forge(local, { data: readAccount(local, workerAddress(client.programId, worker.publicKey)).data, owner: SystemProgram.programId }),
          }),
          [worker],
        ],
      ],
      ['NotAWorker', async () => [await resolveIx(alice.publicKey), [alice]]],
      ['WrongPda', async () => [withAccount(await resolveIx(), 2, { pubkey: copyOf(local, client.config) }), [worker]]],
      ['NotWritable', async () => [withAccount(await resolveIx(), 2, { isWritable: false }), [worker]]],
      ['NotWritable', async () => [withAccount(await resolveIx(), 3, { isWritable: false }), [worker]]],
      ['NotWritable', async () => [withAccount(await resolveIx(), 4, { isWritable: false }), [worker]]],
      ['WrongPda', async () => [withAccount(await resolveIx(), 3, { pubkey: copyOf(local, request) }), [worker]]],
      [
        'WrongAccountOwner',
        async () => [
          withAccount(await resolveIx(), 3, { pubkey: forge(local, { data: readAccount(local, request).data, owner: SystemProgram.programId }) }),
          [worker],
        ],
      ],
      ['WrongDiscriminator', async () => [withAccount(await resolveIx(), 3, { pubkey: client.config }), [worker]]],
      [
        'WrongAccountSize',
        async () => [withAccount(await resolveIx(), 3, { pubkey: forge(local, programOwned(readAccount(local, request).data.subarray(0, 300))) }), [worker]],
      ],
      ['WrongRequester', async () => [withAccount(await resolveIx(), 4, { pubkey: other.publicKey }), [worker]]],
    ];
    for (const [name, make] of cases) {
      const [ix, signers] = await make();
      assert.equal(await sendRaw(local, ix, signers), name, `resolve_execution: expected ${name}`);
    }
    assert.ok(await client.getRequest(request), 'no forged resolve settled the request');
  });

  it('cancel_stale_execution', async () => {
    const cases: [string, () => Promise<[TransactionInstruction, Keypair[]]>][] = [
      ['MissingSigner', async () => [withAccount(await cancelIx(), 0, { isSigner: false }), [alice]]],
      ['WrongPda', async () => [withAccount(await cancelIx(), 1, { pubkey: copyOf(local, client.config) }), [other]]],
      ['NotWritable', async () => [withAccount(await cancelIx(), 1, { isWritable: false }), [other]]],
      ['WrongPda', async () => [withAccount(await cancelIx(), 2, { pubkey: copyOf(local, request) }), [other]]],
      ['WrongRequester', async () => [withAccount(await cancelIx(), 3, { pubkey: other.publicKey }), [other]]],
    ];
    for (const [name, make] of cases) {
      const [ix, signers] = await make();
      assert.equal(await sendRaw(local, ix, signers), name, `cancel_stale_execution: expected ${name}`);
    }
  });

  it("workers: another authority's record is refused", async () => {
    const unregister = await client.program.methods
      .unregisterWorker()
      .accountsPartial({ authority: worker.publicKey, config: client.config, worker: workerAddress(client.programId, other.publicKey) })
      .instruction();
    assert.equal(await sendRaw(local, unregister, [worker]), 'WrongPda');
    const withdraw = await client.program.methods
      .withdrawStake()
      .accountsPartial({ authority: worker.publicKey, worker: workerAddress(client.programId, other.publicKey) })
      .instruction();
    assert.equal(await sendRaw(local, withdraw, [worker]), 'WrongPda');
    assert.equal(await sendRaw(local, withAccount(withdraw, 0, { isSigner: false }), [alice]), 'MissingSigner');
    const reg = await client.program.methods
      .registerWorker([...Buffer.alloc(32, 9)], Buffer.from('aa', 'hex'), bn(10n ** 9n))
      .accountsPartial({
        authority: alice.publicKey,
        config: client.config,
        worker: workerAddress(client.programId, other.publicKey),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    assert.equal(await sendRaw(local, reg, [alice]), 'WorkerExists');
    const reg2 = withAccount(reg, 2, { pubkey: Keypair.generate().publicKey });
    assert.equal(await sendRaw(local, reg2, [alice]), 'WrongPda');
    assert.equal(await sendRaw(local, withAccount(reg2, 1, { pubkey: copyOf(local, client.config) }), [alice]), 'WrongPda');
  });

  it("secrets: another owner's entry, a forged entry", async () => {
    const entry = { repo: 'https://github.com/o/r', branch: null, profile: 'p', envelope: Buffer.alloc(8, 1), accessCondition: Buffer.from('{}') };
    await local.client(other).storeSecrets(entry);
    const theirs = secretsAddress(client.programId, other.publicKey, entry.repo, null, entry.profile);
    const del = (key: PublicKey) => client.program.methods.deleteSecrets().accountsPartial({ owner: alice.publicKey, secrets: key }).instruction();
    assert.equal(await sendRaw(local, await del(theirs), [alice]), 'NotOwner');
    const forgedMine = copyOf(local, theirs, (c) => alice.publicKey.toBuffer().copy(c.data, 8));
    assert.equal(await sendRaw(local, await del(forgedMine), [alice]), 'WrongPda');
    assert.equal(
      await sendRaw(local, await del(forge(local, { data: readAccount(local, theirs).data, owner: SystemProgram.programId })), [alice]),
      'WrongAccountOwner',
    );
    assert.equal(await sendRaw(local, await del(Keypair.generate().publicKey), [alice]), 'SecretsNotFound');
    const store = await client.program.methods
      .storeSecrets(entry.repo, null, 'q', entry.envelope, entry.accessCondition)
      .accountsPartial({
        owner: alice.publicKey,
        secrets: secretsAddress(client.programId, alice.publicKey, entry.repo, null, 'other-profile'),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
    assert.equal(await sendRaw(local, store, [alice]), 'WrongPda');
    assert.ok(await local.client(other).getSecrets(other.publicKey, entry.repo, null, entry.profile), 'their entry is intact');
  });

  it('config: initialize checks the ProgramData account; update_config and withdraw_fees check the config', async () => {
    const args = configArgsToAnchor(testConfig(local.owner));
    const init = (programData: PublicKey) =>
      client.program.methods
        .initialize(args)
        .accountsPartial({ authority: local.owner.publicKey, config: client.config, programData, systemProgram: SystemProgram.programId })
        .instruction();
    const pd = programDataAddress(client.programId);
    assert.equal(await sendRaw(local, await init(copyOf(local, pd)), [local.owner]), 'WrongPda');
    assert.equal(
      await sendRaw(local, await init(forge(local, { data: readAccount(local, pd).data, owner: SystemProgram.programId })), [local.owner]),
      'WrongAccountOwner',
    );
    const update = await client.program.methods
      .updateConfig(args)
      .accountsPartial({ owner: local.owner.publicKey, config: copyOf(local, client.config) })
      .instruction();
    assert.equal(await sendRaw(local, update, [local.owner]), 'WrongPda');
    assert.equal(await sendRaw(local, withAccount(update, 0, { isSigner: false }), [alice]), 'MissingSigner');
    const fees = await client.program.methods
      .withdrawFees(bn(1))
      .accountsPartial({ owner: local.owner.publicKey, config: client.config, receiver: alice.publicKey })
      .instruction();
    assert.equal(await sendRaw(local, withAccount(fees, 1, { pubkey: copyOf(local, client.config) }), [local.owner]), 'WrongPda');
    assert.equal(await sendRaw(local, withAccount(fees, 2, { isWritable: false }), [local.owner]), 'NotWritable');
    const bogus = new TransactionInstruction({ programId: client.programId, keys: [], data: Buffer.alloc(8, 1) });
    assert.equal(await sendRaw(local, bogus, [alice]), 'InvalidInstruction');
  });
});
