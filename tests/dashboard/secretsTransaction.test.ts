/**
 * The page's hand-built Solana secrets transactions (dashboard/src/solana) against the Anchor
 * client's instructions for the same entry: same program, accounts (with signer/writable flags),
 * data, fee payer and blockhash once web3.js decodes the page's wire bytes; and the page's
 * program-derived addresses against web3.js's for many random owners (the on-curve check decides
 * the bump, so a wrong check shows up as a different address for about half of them).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Connection, Keypair, PublicKey, Transaction, type TransactionInstruction } from '@solana/web3.js';
import { ErrandSolanaClient } from '../../contracts/solana/client/ErrandSolanaClient.ts';
import { secretsAddress as anchorSecretsAddress } from '../../contracts/solana/client/pdas.ts';
import { decodeBase58, encodeBase58 } from '../../dashboard/src/solana/base58.ts';
import { deleteSecretsTransaction, secretsAddress, storeSecretsTransaction } from '../../dashboard/src/solana/secretsTransaction.ts';

function sameInstruction(wire: Uint8Array, expected: TransactionInstruction, payer: PublicKey, blockhash: string): void {
  const tx = Transaction.from(Buffer.from(wire));
  assert.equal(tx.feePayer?.toBase58(), payer.toBase58());
  assert.equal(tx.recentBlockhash, blockhash);
  assert.equal(tx.signatures.length, 1);
  assert.equal(tx.instructions.length, 1);
  const ix = tx.instructions[0]!;
  assert.equal(ix.programId.toBase58(), expected.programId.toBase58());
  const flags = (keys: TransactionInstruction['keys']) => keys.map((k) => [k.pubkey.toBase58(), k.isSigner, k.isWritable]);
  assert.deepEqual(flags(ix.keys), flags(expected.keys));
  assert.deepEqual(Buffer.from(ix.data), Buffer.from(expected.data));
}

describe('dashboard Solana secrets transactions', () => {
  const owner = Keypair.generate();
  const programId = Keypair.generate().publicKey;
  const client = new ErrandSolanaClient(new Connection('http://127.0.0.1:9'), owner, programId);
  const blockhash = encodeBase58(randomBytes(32));
  const c = { programId: programId.toBase58(), owner: owner.publicKey.toBase58(), blockhash };

  it('base58 round-trips, leading zeros included', () => {
    for (const bytes of [new Uint8Array(32), Uint8Array.of(0, 0, 1, 2), randomBytes(64), randomBytes(32), Buffer.concat([Buffer.alloc(3), randomBytes(29)])]) {
      const text = encodeBase58(bytes);
      if (bytes.length === 32) assert.equal(text, new PublicKey(bytes).toBase58());
      assert.deepEqual(decodeBase58(text), Uint8Array.from(bytes));
    }
    assert.equal(encodeBase58(new Uint8Array(32)), PublicKey.default.toBase58());
    assert.throws(() => decodeBase58('0OIl'), /not base58/);
  });

  it('derives the secrets address as web3.js does', () => {
    for (let i = 0; i < 64; i++) {
      const o = Keypair.generate().publicKey;
      const k = { repo: `https://example.test/r${i}`, branch: i % 2 ? null : 'main', profile: 'default' };
      assert.equal(
        encodeBase58(secretsAddress(programId.toBytes(), o.toBytes(), k)),
        anchorSecretsAddress(programId, o, k.repo, k.branch, k.profile).toBase58(),
      );
    }
  });

  for (const branch of [null, 'main']) {
    it(`store_secrets matches the Anchor client's instruction (branch ${String(branch)})`, async () => {
      const envelope = randomBytes(300);
      const accessCondition = Buffer.from(JSON.stringify({ type: 'AllowAll' }));
      const k = { repo: 'https://example.test/program', branch, profile: 'default' };
      const expected = await client.storeSecretsIx({ ...k, envelope, accessCondition });
      sameInstruction(storeSecretsTransaction(c, k, envelope, accessCondition), expected, owner.publicKey, blockhash);
    });
  }

  it("delete_secrets matches the Anchor client's instruction", async () => {
    const k = { repo: 'https://example.test/program', branch: 'dev', profile: 'p1' };
    const expected = await client.program.methods
      .deleteSecrets()
      .accountsPartial({ owner: owner.publicKey, secrets: anchorSecretsAddress(programId, owner.publicKey, k.repo, k.branch, k.profile) })
      .instruction();
    sameInstruction(deleteSecretsTransaction(c, k), expected, owner.publicKey, blockhash);
  });

  it('encodes a data length above 127 as a multi-byte compact-u16 (decodes at the full size)', () => {
    const k = { repo: 'r', branch: null, profile: 'default' };
    const wire = storeSecretsTransaction(c, k, new Uint8Array(1000), new Uint8Array(2));
    assert.equal(Transaction.from(Buffer.from(wire)).instructions[0]!.data.length, 8 + 5 + 1 + 11 + 1004 + 6);
  });
});
