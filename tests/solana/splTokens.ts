/**
 * Real SPL tokens on the local Solana: mints and token accounts created by transactions that the
 * real SPL Token (or Token-2022) program, which LiteSVM loads, executes — InitializeMint2,
 * InitializeAccount3, MintTo, FreezeAccount — so the layouts the keystore decodes are the program's
 * own. Instructions are encoded by hand (spl-token's instruction.rs) to need no extra package.
 */
import { Keypair, PublicKey, SystemProgram, Transaction, TransactionInstruction, sendAndConfirmTransaction } from '@solana/web3.js';
import { TOKEN_PROGRAM_ID } from '../../contracts/solana/client/splToken.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';

export interface TestMint {
  mint: PublicKey;
  program: PublicKey;
  authority: Keypair;
}

async function send(local: LocalSolana, payer: Keypair, ixs: TransactionInstruction[], extra: Keypair[] = []): Promise<void> {
  await sendAndConfirmTransaction(local.connection(), new Transaction().add(...ixs), [payer, ...extra], { commitment: 'confirmed' });
}

async function createOwned(local: LocalSolana, payer: Keypair, account: Keypair, space: number, program: PublicKey): Promise<TransactionInstruction> {
  const lamports = await local.connection().getMinimumBalanceForRentExemption(space);
  return SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: account.publicKey, lamports, space, programId: program });
}

export async function createMint(local: LocalSolana, payer: Keypair, decimals: number, program: PublicKey = TOKEN_PROGRAM_ID): Promise<TestMint> {
  const mint = Keypair.generate();
  const authority = Keypair.generate();
  // InitializeMint2 (20): decimals, mint authority, freeze authority Some(authority)
  const data = Buffer.concat([Buffer.from([20, decimals]), authority.publicKey.toBuffer(), Buffer.from([1]), authority.publicKey.toBuffer()]);
  const init = new TransactionInstruction({ programId: program, keys: [{ pubkey: mint.publicKey, isSigner: false, isWritable: true }], data });
  await send(local, payer, [await createOwned(local, payer, mint, 82, program), init], [mint]);
  return { mint: mint.publicKey, program, authority };
}

/** A new token account of `m` owned by `owner`, holding `amount` base units. */
export async function mintTo(local: LocalSolana, payer: Keypair, m: TestMint, owner: PublicKey, amount: bigint): Promise<PublicKey> {
  const account = Keypair.generate();
  // InitializeAccount3 (18): owner
  const init = new TransactionInstruction({
    programId: m.program,
    keys: [
      { pubkey: account.publicKey, isSigner: false, isWritable: true },
      { pubkey: m.mint, isSigner: false, isWritable: false },
    ],
    data: Buffer.concat([Buffer.from([18]), owner.toBuffer()]),
  });
  const ixs = [await createOwned(local, payer, account, 165, m.program), init];
  if (amount > 0n) {
    const data = Buffer.alloc(9);
    data[0] = 7; // MintTo
    data.writeBigUInt64LE(amount, 1);
    ixs.push(
      new TransactionInstruction({
        programId: m.program,
        keys: [
          { pubkey: m.mint, isSigner: false, isWritable: true },
          { pubkey: account.publicKey, isSigner: false, isWritable: true },
          { pubkey: m.authority.publicKey, isSigner: true, isWritable: false },
        ],
        data,
      }),
    );
  }
  await send(local, payer, ixs, amount > 0n ? [account, m.authority] : [account]);
  return account.publicKey;
}

/** FreezeAccount (10), signed by the mint's freeze authority. */
export async function freeze(local: LocalSolana, payer: Keypair, m: TestMint, account: PublicKey): Promise<void> {
  await send(
    local,
    payer,
    [
      new TransactionInstruction({
        programId: m.program,
        keys: [
          { pubkey: account, isSigner: false, isWritable: true },
          { pubkey: m.mint, isSigner: false, isWritable: false },
          { pubkey: m.authority.publicKey, isSigner: true, isWritable: false },
        ],
        data: Buffer.from([10]),
      }),
    ],
    [m.authority],
  );
}
