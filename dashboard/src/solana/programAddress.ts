/**
 * Solana program-derived addresses, as web3.js's PublicKey.findProgramAddressSync makes them:
 * sha256(seeds ‖ bump ‖ program id ‖ "ProgramDerivedAddress"), the first bump from 255 down whose
 * hash is not an ed25519 point (decoded as curve25519-dalek decodes, i.e. ZIP-215). Here with
 * @noble only, so the page's bundle stays small.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes as concat } from '../../../common/bytes.ts';

const PDA_MARKER = new TextEncoder().encode('ProgramDerivedAddress');

function onCurve(bytes: Uint8Array): boolean {
  try {
    ed25519.Point.fromBytes(bytes, true);
    return true;
  } catch {
    return false;
  }
}

export function findProgramAddress(seeds: Uint8Array[], programId: Uint8Array): Uint8Array {
  for (let bump = 255; bump >= 0; bump--) {
    const candidate = sha256(concat([...seeds, Uint8Array.of(bump), programId, PDA_MARKER]));
    if (!onCurve(candidate)) return candidate;
  }
  throw new Error('no program address for these seeds');
}
