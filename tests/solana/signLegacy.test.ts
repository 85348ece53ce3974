/**
 * signLegacy (Node's ed25519 over compileLegacy's message) against web3.js: the wire it makes
 * deserializes as the same transaction web3.js would sign (same header counts, same keys with the
 * same flags, the same instructions), every signature verifies, and a missing signer is refused.
 */
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { utils } from '@coral-xyz/anchor';
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction, VersionedTransaction } from '@solana/web3.js';
import { signLegacy } from '../../contracts/solana/client/signLegacy.ts';
import { isErrandError } from '../../common/errors/index.ts';

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const verifies = (sig: Uint8Array, message: Uint8Array, key: PublicKey): boolean =>
  verify(null, message, createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, key.toBuffer()]), format: 'der', type: 'spki' }), sig);
const BLOCKHASH = new PublicKey(Buffer.alloc(32, 7)).toBase58();

function sample(payer: Keypair, cosigner: Keypair): Transaction {
  const program = Keypair.generate().publicKey;
  const shared = Keypair.generate().publicKey;
  return new Transaction({ feePayer: payer.publicKey, blockhash: BLOCKHASH, lastValidBlockHeight: 1 }).add(
    new TransactionInstruction({
      programId: program,
      keys: [
        { pubkey: shared, isSigner: false, isWritable: false },
        { pubkey: cosigner.publicKey, isSigner: true, isWritable: false },
        { pubkey: payer.publicKey, isSigner: false, isWritable: false },
      ],
      data: Buffer.from([1, 2, 3]),
    }),
    // The same key again, now writable: its flags are the union of its uses.
    SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: shared, lamports: 5 }),
  );
}

/** Each account key with its flags, and each instruction with its keys, by base58. */
function shape(tx: VersionedTransaction) {
  const m = tx.message;
  const keys = m.staticAccountKeys.map((k, i) => `${k.toBase58()}:${m.isAccountSigner(i)}:${m.isAccountWritable(i)}`).sort();
  const ixs = m.compiledInstructions.map((ix) => ({
    program: m.staticAccountKeys[ix.programIdIndex]!.toBase58(),
    keys: ix.accountKeyIndexes.map((i) => m.staticAccountKeys[i]!.toBase58()),
    data: Buffer.from(ix.data).toString('hex'),
  }));
  return { header: m.header, keys, ixs, payer: m.staticAccountKeys[0]!.toBase58(), blockhash: m.recentBlockhash };
}

describe('signLegacy: Node ed25519 over its own legacy message compiler', () => {
  it('makes the transaction web3.js makes, with valid signatures, and names it by the first', () => {
    const payer = Keypair.generate();
    const cosigner = Keypair.generate();
    const tx = sample(payer, cosigner);
    const ours = signLegacy(tx, [payer, cosigner]);
    const a = VersionedTransaction.deserialize(ours.wire);
    tx.sign(payer, cosigner);
    const b = VersionedTransaction.deserialize(tx.serialize());
    assert.deepEqual(shape(a), shape(b));
    assert.equal(a.signatures.length, 2);
    const message = a.message.serialize();
    a.signatures.forEach((sig, i) => assert.ok(verifies(sig, message, a.message.staticAccountKeys[i]!), `signature ${i}`));
    assert.equal(shape(a).payer, payer.publicKey.toBase58());
    assert.equal(ours.signature, utils.bytes.bs58.encode(a.signatures[0]!));
  });

  it('refuses to sign without every required signer', () => {
    const payer = Keypair.generate();
    assert.throws(
      () => signLegacy(sample(payer, Keypair.generate()), [payer]),
      (e: unknown) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
    );
  });
});
