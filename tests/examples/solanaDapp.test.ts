/** examples/solana-dapp on the local Solana: the committed dapp.so (rebuilt bit for bit when
 * clang-19 is here) asks Errand for an execution by CPI with a callback to itself; when a
 * registered worker resolves, Errand invokes the dApp's errand_callback, which stores the result.
 * Nobody but Errand's callback authority can write an answer. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Keypair, SystemProgram, Transaction, TransactionInstruction, sendAndConfirmTransaction, type PublicKey } from '@solana/web3.js';
import { SolanaChainReader } from '../../contracts/solana/client/SolanaChainReader.ts';
import { ANSWER_SIZE, askInstruction, readAnswer } from '../../examples/solana-dapp/askInstruction.ts';
import { LIMITS, SOURCE, startWithWorker, type RequestFixture } from '../solana/helpers.ts';

const DAPP_SO = new URL('../../examples/solana-dapp/dapp.so', import.meta.url);
const hasClang = spawnSync('clang-19', ['--version']).status === 0;

describe('examples/solana-dapp', function () {
  this.timeout(120_000);
  let f: RequestFixture;
  let dapp: PublicKey;

  before(async () => {
    f = await startWithWorker();
    dapp = Keypair.generate().publicKey;
    f.local.chain.svm.addProgram(dapp.toBytes(), readFileSync(DAPP_SO));
  });
  after(async () => {
    await f.local.stop();
  });

  it('the committed dapp.so is what build.sh builds', function () {
    if (!hasClang) this.skip();
    const out = execFileSync('examples/solana-dapp/build.sh', ['--check'], { encoding: 'utf8' });
    assert.match(out, /OK: dapp.so reproducible/);
  });

  async function answerAccount(): Promise<PublicKey> {
    const conn = f.local.connection();
    const answer = Keypair.generate();
    const lamports = await conn.getMinimumBalanceForRentExemption(ANSWER_SIZE);
    await sendAndConfirmTransaction(
      conn,
      new Transaction().add(
        SystemProgram.createAccount({
          fromPubkey: f.requester.publicKey,
          newAccountPubkey: answer.publicKey,
          lamports,
          space: ANSWER_SIZE,
          programId: dapp,
        }),
      ),
      [f.requester, answer],
      { commitment: 'confirmed' },
    );
    return answer.publicKey;
  }
  const answerOf = async (a: PublicKey) => readAnswer(Buffer.from((await f.local.connection().getAccountInfo(a, 'confirmed'))!.data));

  it('asks by CPI, and receives the output in its callback when a worker resolves', async () => {
    const answer = await answerAccount();
    const { ix, request } = await askInstruction(f.client, dapp, answer, SOURCE, Buffer.from('6 7'), LIMITS);
    await sendAndConfirmTransaction(f.local.connection(), new Transaction().add(ix), [f.requester], { commitment: 'confirmed' });
    const view = (await f.client.getRequest(request))!;
    assert.equal(view.requester.toBase58(), f.requester.publicKey.toBase58(), 'the user is the requester');
    assert.equal(view.callback?.programId.toBase58(), dapp.toBase58());
    assert.deepEqual(
      view.callback?.accounts.map((a) => [a.pubkey.toBase58(), a.writable]),
      [[answer.toBase58(), true]],
    );
    // The keystore's reader finds the source in the event Errand logged inside the dApp's CPI.
    const read = await new SolanaChainReader(f.local.connection()).getRequest(f.local.programId.toBase58(), view.requestId.toString());
    assert.deepEqual(read?.source, SOURCE);
    assert.equal(read?.input, '6 7');
    let a = await answerOf(answer);
    assert.equal(a.status, 'pending');
    assert.equal(a.errandProgram?.toBase58(), f.local.programId.toBase58());

    const res = await f.workerClient.resolveExecution(request, f.requester.publicKey, {
      success: true,
      resourcesUsed: { instructions: 10n, timeMs: 1n, compileTimeMs: 1n },
      output: { kind: 'inline', data: Buffer.from('42\n') },
      error: '',
    });
    assert.ok(
      res.logs.some((l) => l.includes('dapp: got the answer')),
      res.logs.join('\n'),
    );
    a = await answerOf(answer);
    assert.equal(a.status, 'answered');
    assert.equal(a.requestId, view.requestId);
    assert.equal(a.output.toString(), '42\n');
  });

  it("refuses an errand_callback not signed by Errand's callback authority", async () => {
    const answer = await answerAccount();
    const { ix } = await askInstruction(f.client, dapp, answer, SOURCE, Buffer.from('1'), LIMITS);
    await sendAndConfirmTransaction(f.local.connection(), new Transaction().add(ix), [f.requester], { commitment: 'confirmed' });
    const forged = Buffer.concat([
      Buffer.from([0xbe, 0xea, 0x6a, 0xcf, 0x3f, 0x4a, 0x0c, 0xa6]),
      Buffer.alloc(32),
      Buffer.alloc(8),
      Buffer.from([1]),
      Buffer.alloc(24),
      Buffer.from([1, 4, 0, 0, 0]),
      Buffer.from('evil'),
      Buffer.alloc(4),
    ]);
    const ixForged = new TransactionInstruction({
      programId: dapp,
      data: forged,
      keys: [
        { pubkey: f.requester.publicKey, isSigner: true, isWritable: false },
        { pubkey: answer, isSigner: false, isWritable: true },
      ],
    });
    await assert.rejects(sendAndConfirmTransaction(f.local.connection(), new Transaction().add(ixForged), [f.requester], { commitment: 'confirmed' }));
    assert.equal((await answerOf(answer)).status, 'pending');
  });
});
