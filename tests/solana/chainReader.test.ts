/** SolanaChainReader against the local Solana: requests (source recovered from the event and
 * checked against the account's hash), secrets entries, workers, SOL balances, and SPL token and
 * NFT holdings in accounts made by the real SPL Token / Token-2022 programs. */
import assert from 'node:assert/strict';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { isErrandError } from '../../common/errors/index.ts';
import { SolanaChainReader } from '../../contracts/solana/client/SolanaChainReader.ts';
import { errandEventPayloads, requestedSourceAndInput } from '../../contracts/solana/client/requestedEvent.ts';
import { TOKEN_2022_PROGRAM_ID } from '../../contracts/solana/client/splToken.ts';
import { funded, LIMITS, SOURCE, startWithWorker, type RequestFixture } from './helpers.ts';
import { createMint, freeze, mintTo } from './splTokens.ts';

describe('solana chain reader', function () {
  this.timeout(120_000);
  let f: RequestFixture;
  let reader: SolanaChainReader;
  let program: string;

  before(async () => {
    f = await startWithWorker();
    reader = new SolanaChainReader(f.local.connection());
    program = f.local.programId.toBase58();
  });
  after(async () => {
    await f.local.stop();
  });

  it('reads a pending request: ids, sender, limits, secrets ref, and the source from its event', async () => {
    const owner = Keypair.generate().publicKey;
    const source = { ...SOURCE, path: 'sub/dir' };
    const sent = await f.client.requestExecution({
      source,
      input: { kind: 'inline', data: Buffer.from('hello') },
      limits: LIMITS,
      secretsRef: { owner, profile: 'prod' },
    });
    const view = await reader.getRequest(program, sent.requestId.toString());
    assert.ok(view);
    assert.equal(view.chain, 'solana');
    assert.equal(view.contractId, program);
    assert.equal(view.requestId, sent.requestId.toString());
    assert.equal(view.callbackHandle, sent.request.toBase58());
    assert.equal(view.senderId, f.requester.publicKey.toBase58());
    assert.deepEqual(view.source, { kind: 'git', repo: SOURCE.repo, commit: SOURCE.commit, target: SOURCE.target, path: 'sub/dir' });
    assert.equal(view.input, 'hello');
    assert.deepEqual(view.secretsRef, { owner: owner.toBase58(), profile: 'prod' });
    assert.equal(view.limits.maxInstructions, Number(LIMITS.maxInstructions));
    assert.equal(view.status, 'pending');
    assert.equal(view.deposit, (await f.client.estimateCost(LIMITS)).toString());
  });

  it('a request whose input is given by hash: the source is read, the input is not in the event', async () => {
    const sent = await f.client.requestExecution({ source: SOURCE, input: { kind: 'hash', sha256: Buffer.alloc(32, 4), bytes: 5000n }, limits: LIMITS });
    const view = await reader.getRequest(program, sent.requestId.toString());
    assert.deepEqual(view?.source, SOURCE);
    assert.equal(view?.input, '');
  });

  it('a request that does not exist, or was resolved (closed), reads as null', async () => {
    assert.equal(await reader.getRequest(program, '999999'), null);
    assert.equal(await reader.getRequest(program, 'not-a-number'), null);
    const sent = await f.client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('x') }, limits: LIMITS });
    await f.workerClient.resolveExecution(sent.request, f.requester.publicKey, {
      success: true,
      resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n },
      output: { kind: 'none' },
      error: '',
    });
    assert.equal(await reader.getRequest(program, sent.requestId.toString()), null);
  });

  it('believes an event only where it hashes to the account', () => {
    const address = Keypair.generate().publicKey;
    const payloads = errandEventPayloads([`Program ${program} invoke [1]`, 'Program data: AAAA', `Program ${program} success`], program);
    assert.equal(payloads.length, 1);
    assert.equal(requestedSourceAndInput(payloads, { address: address.toBytes(), sourceHash: Buffer.alloc(32), inputHash: Buffer.alloc(32) }), null);
    // A line logged by another program is not Errand's, even if it names Errand's event.
    assert.deepEqual(errandEventPayloads(['Program Other111 invoke [1]', 'Program data: AAAA', 'Program Other111 success'], program), []);
  });

  it('a forged event (source not hashing to the account) is refused with a code', async () => {
    const sent = await f.client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('y') }, limits: LIMITS });
    const tx = await f.local.connection().getTransaction(sent.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    const payloads = errandEventPayloads(tx!.meta!.logMessages!, program);
    assert.throws(
      () => requestedSourceAndInput(payloads, { address: sent.request.toBytes(), sourceHash: Buffer.alloc(32, 1), inputHash: Buffer.alloc(32) }),
      (e) => isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA') && /source_hash/.test(e.message),
    );
  });

  it('a truncated or corrupted event is a coded failure, never a crash or a wrong source', async () => {
    const sent = await f.client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from('zz') }, limits: LIMITS });
    const view = (await f.client.getRequest(sent.request))!;
    const tx = await f.local.connection().getTransaction(sent.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
    const [event] = errandEventPayloads(tx!.meta!.logMessages!, program).filter((p) => p.subarray(8, 40).equals(sent.request.toBuffer()));
    const request = { address: sent.request.toBytes(), sourceHash: view.sourceHash, inputHash: view.inputHash };
    const genuine = requestedSourceAndInput([event], request);
    assert.equal(genuine?.source.kind, 'git');
    // Whatever the bytes, the answer is nothing, a coded error, or the genuine source and input
    // (bytes after the input: limits, format and secrets ref are skipped, the http capability must be
    // the account's).
    const check = (payload: Buffer, what: string): void => {
      try {
        const r = requestedSourceAndInput([payload], request);
        if (r !== null) assert.deepEqual(r, genuine, what);
      } catch (e) {
        assert.ok(isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA'), `${what}: ${String(e)}`);
      }
    };
    for (let len = 0; len < event.length; len++) check(event.subarray(0, len), `length ${len}`);
    for (let i = 0; i < event.length; i++) {
      const flipped = Buffer.from(event);
      flipped[i] ^= 0x01;
      check(flipped, `byte ${i} flipped`);
    }
  });

  it('reads a secrets entry (raw envelope bytes -> base64, JSON condition); a missing one is null', async () => {
    const owner = await funded(f.local);
    const client = f.local.client(owner);
    const envelope = Buffer.alloc(120, 3);
    await client.storeSecrets({ repo: SOURCE.repo, branch: null, profile: 'default', envelope, accessCondition: Buffer.from('{"type":"AllowAll"}') });
    const e = await reader.getSecrets(program, { owner: owner.publicKey.toBase58(), repo: SOURCE.repo, branch: null, profile: 'default' });
    assert.ok(e);
    assert.equal(e.owner, owner.publicKey.toBase58());
    assert.equal(e.encrypted, envelope.toString('base64'));
    assert.deepEqual(e.accessCondition, { type: 'AllowAll' });
    assert.ok(BigInt(e.storageDeposit) > 0n);
    assert.equal(await reader.getSecrets(program, { owner: owner.publicKey.toBase58(), repo: SOURCE.repo, branch: 'main', profile: 'default' }), null);
    assert.equal(await reader.getSecrets(program, { owner: 'alice.near', repo: SOURCE.repo, branch: null, profile: 'default' }), null);
  });

  it('finds a worker by its key; a key two authorities registered needs the claimed account', async () => {
    const workerKey = Buffer.alloc(32, 7); // startWithWorker's
    const keyText = `ed25519:${new PublicKey(workerKey).toBase58()}`;
    const w = await reader.getWorkerByKey(program, keyText);
    assert.ok(w);
    assert.equal(w.accountId, f.worker.publicKey.toBase58());
    assert.equal(w.publicKey, keyText);
    assert.equal(w.measurement, '09'.repeat(32));
    assert.equal(w.attestationKind, 'ed25519');
    assert.equal(w.status, 'active');
    assert.equal(w.stake, '1000000000');
    assert.equal(await reader.getWorkerByKey(program, `ed25519:${Keypair.generate().publicKey.toBase58()}`), null);

    // Someone else registers the same worker key (the program has no per-key index).
    const copycat = await funded(f.local);
    await f.local.client(copycat).registerWorker(workerKey, Buffer.from('ab'.repeat(32)), 1_000_000_000n);
    await assert.rejects(reader.getWorkerByKey(program, keyText), (e) => isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA'));
    const mine = await reader.getWorkerByKey(program, keyText, undefined, f.worker.publicKey.toBase58());
    assert.equal(mine?.accountId, f.worker.publicKey.toBase58());
    const theirs = await reader.getWorkerByKey(program, keyText, undefined, copycat.publicKey.toBase58());
    assert.equal(theirs?.measurement, 'ab'.repeat(32), 'a 64-character hex measurement reads as that text');
    assert.equal(await reader.getWorkerByKey(program, keyText, undefined, Keypair.generate().publicKey.toBase58()), null);
  });

  it('reads SOL balances in lamports', async () => {
    const k = Keypair.generate();
    assert.equal(await reader.getBalance(k.publicKey.toBase58()), 0n);
    const rich = await funded(f.local, 3);
    assert.equal(await reader.getBalance(rich.publicKey.toBase58()), 3_000_000_000n);
  });

  it('sums SPL token holdings of a mint (Token and Token-2022, frozen included), nothing of other mints', async () => {
    const payer = await funded(f.local);
    const alice = Keypair.generate().publicKey,
      bob = Keypair.generate().publicKey;
    const usdc = await createMint(f.local, payer, 6);
    const other = await createMint(f.local, payer, 6);
    await mintTo(f.local, payer, usdc, alice, 100n);
    const second = await mintTo(f.local, payer, usdc, alice, 250n);
    await mintTo(f.local, payer, other, alice, 1_000_000n);
    await mintTo(f.local, payer, usdc, bob, 0n);
    assert.equal(await reader.getFtBalance(usdc.mint.toBase58(), alice.toBase58()), 350n);
    assert.equal(await reader.getFtBalance(usdc.mint.toBase58(), bob.toBase58()), 0n);
    await freeze(f.local, payer, usdc, second);
    assert.equal(await reader.getFtBalance(usdc.mint.toBase58(), alice.toBase58()), 350n, 'a frozen account is still held');
    const t22 = await createMint(f.local, payer, 2, TOKEN_2022_PROGRAM_ID);
    await mintTo(f.local, payer, t22, alice, 42n);
    assert.equal(await reader.getFtBalance(t22.mint.toBase58(), alice.toBase58()), 42n);
    // A mint that does not exist: the RPC refuses the filter, a coded read failure.
    await assert.rejects(reader.getFtBalance(Keypair.generate().publicKey.toBase58(), alice.toBase58()), (e) => isErrandError(e, 'CHAIN__RPC_ERROR'));
  });

  it('NFT ownership: amount 1 of a 0-decimal mint', async () => {
    const payer = await funded(f.local);
    const alice = Keypair.generate().publicKey,
      bob = Keypair.generate().publicKey,
      carol = Keypair.generate().publicKey;
    const nft = await createMint(f.local, payer, 0);
    await mintTo(f.local, payer, nft, alice, 1n);
    await mintTo(f.local, payer, nft, bob, 0n);
    await mintTo(f.local, payer, nft, carol, 2n);
    assert.equal(await reader.ownsNft(nft.mint.toBase58(), alice.toBase58(), undefined), true);
    assert.equal(await reader.ownsNft(nft.mint.toBase58(), bob.toBase58(), undefined), false);
    assert.equal(await reader.ownsNft(nft.mint.toBase58(), carol.toBase58(), undefined), false, 'amount 2 is not one NFT');
    const fungible = await createMint(f.local, payer, 2);
    await mintTo(f.local, payer, fungible, alice, 1n);
    assert.equal(await reader.ownsNft(fungible.mint.toBase58(), alice.toBase58(), undefined), false, 'decimals must be 0');
    assert.equal(await reader.ownsNft(Keypair.generate().publicKey.toBase58(), alice.toBase58(), undefined), false, 'no such mint');
  });

  it('an RPC that does not answer is a coded failure', async () => {
    const dead = new SolanaChainReader(new Connection('http://127.0.0.1:9'), { timeoutMs: 5_000 });
    await assert.rejects(dead.getBalance(Keypair.generate().publicKey.toBase58()), (e) => isErrandError(e, 'CHAIN__RPC_UNREACHABLE'));
    await assert.rejects(dead.getRequest(program, '1'), (e) => isErrandError(e, 'CHAIN__RPC_UNREACHABLE'));
  });
});
