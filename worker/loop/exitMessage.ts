/**
 * The on-chain message of a program that exited non-zero: its exit code and the end of what it
 * printed, stdout first (a program reports what went wrong there as often as on stderr), each cut
 * to its tail on a code point boundary so that the whole fits the contract's 512 bytes
 * (common/text/chainMessage.ts does the final fitting and cleaning).
 */
import { chainMessage, MAX_CHAIN_MESSAGE_BYTES } from '../../common/text/chainMessage.ts';

/** The longest suffix of `text` of at most `maxBytes` UTF-8 bytes, whole code points only. */
export function tailBytes(text: string, maxBytes: number): string {
  const chars = Array.from(text.slice(-maxBytes * 2));
  let used = 0;
  let start = chars.length;
  while (start > 0) {
    const n = Buffer.byteLength(chars[start - 1]!);
    if (used + n > maxBytes) break;
    used += n;
    start--;
  }
  return chars.slice(start).join('');
}

export function exitMessage(exitCode: number | null, stdout: string, stderr: string): string {
  const head = `exit code ${exitCode ?? '?'}`;
  const budget = MAX_CHAIN_MESSAGE_BYTES - Buffer.byteLength(head) - '; stdout: ; stderr: '.length;
  const err = tailBytes(stderr, stdout ? Math.floor(budget / 3) : budget);
  const out = tailBytes(stdout, budget - Buffer.byteLength(err));
  const parts = [head];
  if (out) parts.push(`stdout: ${out}`);
  if (err) parts.push(`stderr: ${err}`);
  return chainMessage(parts.join('; '));
}
