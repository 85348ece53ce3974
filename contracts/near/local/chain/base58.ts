/**
 * Base58 (Bitcoin alphabet, as NEAR's hashes and keys) for the local chain's hot paths: every
 * transaction, receipt id, data id and public key goes through it. The same output as
 * @near-js/utils baseEncode/baseDecode (leading zero bytes are leading '1's), by long division
 * in wide limbs instead of @scure/base's generic radix conversion, which cost several
 * microseconds per 32-byte id (~10x this one) in the local chain's profile.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

/** 58^5: one limb holds five base58 digits, and limb * 2^16 + carry stays an exact double. */
const LIMB = 58 ** 5;

export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // Little-endian limbs in base 58^5, fed two bytes at a time: ~10x fewer steps than digit by byte.
  const limbs: number[] = [];
  for (let i = zeros; i < bytes.length;) {
    const two = i + 1 < bytes.length && (bytes.length - i) % 2 === 0;
    let carry = two ? bytes[i]! * 256 + bytes[i + 1]! : bytes[i]!;
    const scale = two ? 65_536 : 256;
    i += two ? 2 : 1;
    for (let k = 0; k < limbs.length; k++) {
      const x = limbs[k]! * scale + carry;
      carry = Math.floor(x / LIMB);
      limbs[k] = x - carry * LIMB;
    }
    while (carry > 0) {
      const q = Math.floor(carry / LIMB);
      limbs.push(carry - q * LIMB);
      carry = q;
    }
  }
  let out = '1'.repeat(zeros);
  for (let k = limbs.length - 1; k >= 0; k--) {
    let limb = limbs[k]!;
    let digits = '';
    for (let d = 0; d < 5; d++) {
      const q = Math.floor(limb / 58);
      digits = ALPHABET[limb - q * 58]! + digits;
      limb = q;
    }
    // The most significant limb has no leading '1' padding (those are for zero bytes only).
    out += k === limbs.length - 1 ? digits.replace(/^1+/, '') : digits;
  }
  return out;
}

/** The bytes of a base58 string; throws RangeError on a character outside the alphabet. */
export function base58Decode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text.charCodeAt(zeros) === 49) zeros++; // '1'
  // log(58) / log(256) < 0.733: bytes needed for the rest.
  const bytes = new Uint8Array(Math.ceil((text.length - zeros) * 0.733) + 1);
  let used = 0;
  for (let i = zeros; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let carry = c < 128 ? DIGIT[c]! : -1;
    if (carry < 0) throw new RangeError(`invalid base58 character ${JSON.stringify(text[i])}`);
    let j = 0;
    for (let k = bytes.length - 1; (carry !== 0 || j < used) && k >= 0; k--, j++) {
      carry += 58 * bytes[k]!;
      bytes[k] = carry & 0xff;
      carry >>= 8;
    }
    used = j;
  }
  const out = new Uint8Array(zeros + used);
  out.set(bytes.subarray(bytes.length - used), zeros);
  return out;
}
