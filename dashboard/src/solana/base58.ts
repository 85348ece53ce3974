/**
 * Base58 (Bitcoin alphabet), as Solana writes addresses, blockhashes and signatures. Written here
 * rather than imported so the page's bundle carries no Buffer-based library; inputs are short (at
 * most a 64-byte signature), so the quadratic big-number loop costs nothing.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)]! + out;
    n /= 58n;
  }
  return '1'.repeat(zeros) + out;
}

/** Throws on a character outside the alphabet; `length` (if given) is the exact byte length expected. */
export function decodeBase58(text: string, length?: number): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  let n = 0n;
  for (const c of text) {
    const v = ALPHABET.indexOf(c);
    if (v < 0) throw new Error(`not base58: ${JSON.stringify(c)}`);
    n = n * 58n + BigInt(v);
  }
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  const out = Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
  if (length !== undefined && out.length !== length) throw new Error(`base58 value is ${out.length} bytes, expected ${length}`);
  return out;
}
