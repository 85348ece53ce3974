/**
 * Deploys a program through the upgradeable loader (BPFLoaderUpgradeab1e...) with its real
 * instructions, as `solana program deploy` does: create and initialize a buffer, write the ELF in
 * chunks, then DeployWithMaxDataLen, which creates the ProgramData account holding the upgrade
 * authority. Transactions go through LocalSvm.send, so the loader verifies the ELF.
 */
import { Keypair, PublicKey, SystemProgram, SYSVAR_CLOCK_PUBKEY, SYSVAR_RENT_PUBKEY, Transaction, TransactionInstruction } from '@solana/web3.js';
import type { LocalSvm } from './LocalSvm.ts';
import { signFast } from './nodeSign.ts';

export const LOADER_V3 = new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111');
const BUFFER_HEADER = 37;
const PROGRAM_SIZE = 36;
const CHUNK = 900;

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}
function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

export function programDataAddress(programId: PublicKey): PublicKey {
  return PublicKey.findProgramAddressSync([programId.toBuffer()], LOADER_V3)[0];
}

function sendAll(svm: LocalSvm, payer: Keypair, signers: Keypair[], ixs: TransactionInstruction[]): void {
  const tx = new Transaction().add(...ixs);
  tx.recentBlockhash = svm.svm.latestBlockhash();
  tx.feePayer = payer.publicKey;
  const record = svm.send(signFast(tx, [payer, ...signers.filter((k) => !k.publicKey.equals(payer.publicKey))]));
  if (record.err) throw new Error(`deploy transaction failed: ${JSON.stringify(record.err)}\n${record.logs.join('\n')}`);
}

export function deployUpgradeable(svm: LocalSvm, payer: Keypair, program: Keypair, elf: Buffer, authority: Keypair): void {
  const buffer = Keypair.generate();
  const rent = (n: number) => Number(svm.svm.minimumBalanceForRentExemption(BigInt(n)));
  sendAll(
    svm,
    payer,
    [buffer],
    [
      SystemProgram.createAccount({
        fromPubkey: payer.publicKey,
        newAccountPubkey: buffer.publicKey,
        lamports: rent(BUFFER_HEADER + elf.length),
        space: BUFFER_HEADER + elf.length,
        programId: LOADER_V3,
      }),
      new TransactionInstruction({
        programId: LOADER_V3,
        data: u32(0),
        keys: [
          { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
          { pubkey: authority.publicKey, isSigner: false, isWritable: false },
        ],
      }),
    ],
  );
  for (let offset = 0; offset < elf.length; offset += CHUNK) {
    const bytes = elf.subarray(offset, offset + CHUNK);
    sendAll(
      svm,
      payer,
      [authority],
      [
        new TransactionInstruction({
          programId: LOADER_V3,
          data: Buffer.concat([u32(1), u32(offset), u64(bytes.length), bytes]),
          keys: [
            { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
            { pubkey: authority.publicKey, isSigner: true, isWritable: false },
          ],
        }),
      ],
    );
  }
  sendAll(
    svm,
    payer,
    [program, authority],
    [
      SystemProgram.createAccount({
        fromPubkey: payer.publicKey,
        newAccountPubkey: program.publicKey,
        lamports: rent(PROGRAM_SIZE),
        space: PROGRAM_SIZE,
        programId: LOADER_V3,
      }),
      new TransactionInstruction({
        programId: LOADER_V3,
        data: Buffer.concat([u32(2), u64(elf.length * 2)]),
        keys: [
          { pubkey: payer.publicKey, isSigner: true, isWritable: true },
          { pubkey: programDataAddress(program.publicKey), isSigner: false, isWritable: true },
          { pubkey: program.publicKey, isSigner: false, isWritable: true },
          { pubkey: buffer.publicKey, isSigner: false, isWritable: true },
          { pubkey: SYSVAR_RENT_PUBKEY, isSigner: false, isWritable: false },
          { pubkey: SYSVAR_CLOCK_PUBKEY, isSigner: false, isWritable: false },
          { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
          { pubkey: authority.publicKey, isSigner: true, isWritable: false },
        ],
      }),
    ],
  );
  // A program deployed in slot S becomes executable from slot S + 1.
  svm.advance(1);
}
