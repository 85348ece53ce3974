/**
 * Base58 (Bitcoin alphabet, as NEAR's hashes and keys) for the local chain's hot paths: every
 * transaction, receipt id, data id and public key goes through it. The same output as
 * @near-js/utils baseEncode/baseDecode (leading zero bytes are leading '1's), with the plain
 * byte-wise long division on a Uint8Array instead of @scure/base's generic radix conversion,
 * which cost several microseconds per 32-byte id (~5x this one) in the local chain's profile.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;

export function base58Encode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // log(256) / log(58) < 1.37: digits needed for the non-zero part.
  const digits = new Uint8Array(Math.ceil((bytes.length - zeros) * 1.37) + 1);
  let used = 0;
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    let j = 0;
    for (let k = digits.length - 1; (carry !== 0 || j < used) && k >= 0; k--, j++) {
      carry += 256 * digits[k]!;
      digits[k] = carry % 58;
      carry = (carry / 58) | 0;
    }
    used = j;
  }
  let out = '1'.repeat(zeros);
  for (let k = digits.length - used; k < digits.length; k++) out += ALPHABET[digits[k]!];
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
