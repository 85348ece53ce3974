/**
 * A legacy transaction message compiled from its fee payer, blockhash and instructions, as the
 * network reads it: keys deduplicated (a key's flags are the union of its uses), the fee payer
 * first, then signer-writable, signer-readonly, writable and readonly keys, the program ids last
 * among the readonly ones. Within a group keys keep their first-use order (web3.js sorts them by
 * base58 with localeCompare, which made its compileMessage cost more than the signature itself;
 * any order within a group is valid). Does not promise: nonce transactions, lookup tables.
 */
import { utils } from '@coral-xyz/anchor';
import type { PublicKey, TransactionInstruction } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';

export interface CompiledLegacy {
  /** The message bytes that are signed. */
  bytes: Buffer;
  /** The keys whose signatures the message requires, in order. */
  signers: PublicKey[];
}

interface Meta {
  key: PublicKey;
  bytes: Buffer;
  signer: boolean;
  writable: boolean;
}

export function compileLegacy(feePayer: PublicKey, recentBlockhash: string, instructions: TransactionInstruction[]): CompiledLegacy {
  const metas = new Map<string, Meta>();
  const use = (key: PublicKey, signer: boolean, writable: boolean): void => {
    const bytes = key.toBuffer();
    const id = bytes.toString('hex');
    const m = metas.get(id);
    if (m) {
      m.signer ||= signer;
      m.writable ||= writable;
    } else metas.set(id, { key, bytes, signer, writable });
  };
  use(feePayer, true, true);
  for (const ix of instructions) for (const k of ix.keys) use(k.pubkey, k.isSigner, k.isWritable);
  for (const ix of instructions) use(ix.programId, false, false);
  const all = [...metas.values()];
  const payer = all[0]!;
  const group = (signer: boolean, writable: boolean): Meta[] => all.filter((m) => m !== payer && m.signer === signer && m.writable === writable);
  const ordered = [payer, ...group(true, true), ...group(true, false), ...group(false, true), ...group(false, false)];
  const index = new Map(ordered.map((m, i) => [m.bytes.toString('hex'), i]));
  const signers = ordered.filter((m) => m.signer);
  const header = [signers.length, signers.filter((m) => !m.writable).length, ordered.filter((m) => !m.signer && !m.writable).length];
  if (ordered.length > 256)
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${ordered.length} accounts: more than a legacy transaction holds`, { field: 'instructions' });

  const parts: Buffer[] = [Buffer.from(header), shortVec(ordered.length), ...ordered.map((m) => m.bytes)];
  const hash = Buffer.from(utils.bytes.bs58.decode(recentBlockhash));
  if (hash.length !== 32) throw new ErrandError('COMMON__INVALID_ARGUMENT', `blockhash ${recentBlockhash} is not 32 bytes`, { field: 'recentBlockhash' });
  parts.push(hash, shortVec(instructions.length));
  for (const ix of instructions) {
    const at = (k: PublicKey): number => index.get(k.toBuffer().toString('hex'))!;
    parts.push(Buffer.from([at(ix.programId)]), shortVec(ix.keys.length), Buffer.from(ix.keys.map((k) => at(k.pubkey))), shortVec(ix.data.length), ix.data);
  }
  return { bytes: Buffer.concat(parts), signers: signers.map((m) => m.key) };
}

/** Solana's compact-u16 length. */
function shortVec(n: number): Buffer {
  const out: number[] = [];
  let rest = n;
  for (;;) {
    const b = rest & 0x7f;
    rest >>= 7;
    if (rest === 0) {
      out.push(b);
      return Buffer.from(out);
    }
    out.push(b | 0x80);
  }
}
