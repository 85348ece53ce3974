/**
 * A signed transaction's wire bytes (legacy or v0), walked once for what the local chain needs:
 * its signatures, static account keys and recent blockhash. Every length is checked and the walk
 * must end exactly at the last byte, so bytes that are not one whole transaction are refused here
 * (LiteSVM then checks signatures, accounts and instructions). web3.js's deserialize builds a
 * PublicKey per key and base58-encodes on the way, which was the chain thread's largest cost per
 * send after the VM itself. Base58 key strings are cached (the same program, config and payer
 * keys come back in nearly every transaction).
 */
import { utils } from '@coral-xyz/anchor';

const bs58 = utils.bytes.bs58;

export interface WireTx {
  version: 'legacy' | number;
  signatures: Buffer[];
  /** Static account keys, 32 bytes each. */
  keys: Buffer[];
  recentBlockhash: string;
}

export class WireError extends Error {}

export function parseWire(bytes: Buffer): WireTx {
  let at = 0;
  const need = (n: number): void => {
    if (n < 0 || at + n > bytes.length) throw new WireError(`cut short at byte ${at}`);
  };
  const shortVec = (): number => {
    let value = 0;
    for (let i = 0; i < 3; i++) {
      need(1);
      const b = bytes[at++]!;
      value |= (b & 0x7f) << (7 * i);
      if ((b & 0x80) === 0) return value;
    }
    throw new WireError('a length longer than 3 bytes');
  };
  const take = (n: number): Buffer => {
    need(n);
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const signatures = Array.from({ length: shortVec() }, () => take(64));
  need(1);
  let version: 'legacy' | number = 'legacy';
  if (bytes[at]! & 0x80) {
    version = bytes[at++]! & 0x7f;
    if (version !== 0) throw new WireError(`message version ${version}`);
  }
  take(3); // header
  const keys = Array.from({ length: shortVec() }, () => take(32));
  const recentBlockhash = bs58.encode(take(32));
  const instructions = shortVec();
  for (let i = 0; i < instructions; i++) {
    take(1);
    take(shortVec());
    take(shortVec());
  }
  if (version !== 'legacy') {
    const lookups = shortVec();
    for (let i = 0; i < lookups; i++) {
      take(32);
      take(shortVec());
      take(shortVec());
    }
  }
  if (at !== bytes.length) throw new WireError(`${bytes.length - at} bytes after the message`);
  if (signatures.length === 0) throw new WireError('no signature');
  return { version, signatures, keys, recentBlockhash };
}

const names = new Map<string, string>();

/** A key's base58, from a cache of the keys seen recently. */
export function keyName(key: Buffer): string {
  const hex = key.toString('hex');
  let name = names.get(hex);
  if (name === undefined) {
    if (names.size >= 50_000) names.clear();
    name = bs58.encode(key);
    names.set(hex, name);
  }
  return name;
}
