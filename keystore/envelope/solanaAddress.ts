/**
 * Solana public keys as access conditions name them: base58 text of exactly 32 bytes (an ed25519
 * key or a program-derived address alike). A strict decoder of its own so the condition validator
 * stays pure (no web3.js); it never "repairs" input. Pure.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SHAPE = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** The 32 bytes of a base58 Solana address, or null when it is not one. */
export function trySolanaAddressBytes(text: unknown): Uint8Array | null {
  if (typeof text !== 'string' || !SHAPE.test(text)) return null;
  let n = 0n;
  for (const ch of text) n = n * 58n + BigInt(ALPHABET.indexOf(ch));
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes = [...new Array<number>(zeros).fill(0), ...body];
  return bytes.length === 32 ? Uint8Array.from(bytes) : null;
}

export function isSolanaAddress(text: unknown): text is string {
  return trySolanaAddressBytes(text) !== null;
}
