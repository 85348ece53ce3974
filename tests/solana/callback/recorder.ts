/** Builds tests/solana/callback/recorder.c into an SBPF program with the Errand program's toolchain
 * (clang-19, contracts/solana/linker) and loads it into a LocalSolana; creates its record accounts. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Keypair, SystemProgram, Transaction, TransactionInstruction, type PublicKey } from '@solana/web3.js';
import type { LocalSolana } from '../../../contracts/solana/local/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const solana = path.resolve(here, '../../../contracts/solana');
export const hasClang = spawnSync('clang-19', ['--version']).status === 0;
export const RECORD_SIZE = 512;

export function buildRecorder(): Buffer {
  const tmp = mkdtempSync(path.join(tmpdir(), 'recorder-'));
  try {
    execFileSync('clang-19', [
      '-target',
      'bpfel',
      '-mcpu=v1',
      '-O2',
      '-fno-builtin',
      '-ffreestanding',
      '-fPIC',
      '-mllvm',
      '-bpf-stack-size=4096',
      '-Wall',
      '-Werror',
      '-Wno-unused-function',
      '-I',
      path.join(solana, 'program'),
      '-c',
      path.join(here, 'recorder.c'),
      '-o',
      path.join(tmp, 'r.o'),
    ]);
    execFileSync('node', [path.join(solana, 'linker/sbpf-link.mjs'), path.join(tmp, 'r.o'), path.join(tmp, 'r.so')]);
    return readFileSync(path.join(tmp, 'r.so'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function deployRecorder(local: LocalSolana, so: Buffer): PublicKey {
  const id = Keypair.generate().publicKey;
  local.chain.svm.addProgram(id.toBytes(), so);
  return id;
}

/** A record account owned by the recorder; mode 1 makes every call fail, 2 exhaust the compute budget. */
export async function recordAccount(local: LocalSolana, payer: Keypair, program: PublicKey, mode: 0 | 1 | 2): Promise<PublicKey> {
  const conn = local.connection();
  const rec = Keypair.generate();
  const lamports = await conn.getMinimumBalanceForRentExemption(RECORD_SIZE);
  const tx = new Transaction().add(
    SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: rec.publicKey, lamports, space: RECORD_SIZE, programId: program }),
  );
  tx.add(
    new TransactionInstruction({
      programId: program,
      data: Buffer.from([mode]),
      keys: [
        { pubkey: payer.publicKey, isSigner: true, isWritable: true },
        { pubkey: rec.publicKey, isSigner: false, isWritable: true },
      ],
    }),
  );
  await conn.sendTransaction(tx, [payer, rec]).then((sig) => conn.confirmTransaction(sig, 'confirmed'));
  return rec.publicKey;
}
