/**
 * Error messages that go on-chain must fit the contract's rule (at most 512 bytes of UTF-8, no
 * control characters but newline and tab), or the resolve itself is refused and the worker is
 * never paid. Program output is hostile text: it is cleaned and cut here, on code point
 * boundaries, before it reaches a message.
 */
export const MAX_ON_CHAIN_MESSAGE_BYTES = 512;

// Control characters (C0, DEL, C1) except \t and \n, and lone surrogates (not valid UTF-8).
const UNFIT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with control characters and lone surrogates replaced by U+FFFD. */
export function cleanText(text: string): string {
  return text.replace(UNFIT, '\ufffd');
}

/** The longest prefix of `text` (cleaned) of at most `maxBytes` UTF-8 bytes. */
export function headBytes(text: string, maxBytes: number): string {
  let out = '';
  let used = 0;
  for (const ch of cleanText(text)) {
    const n = Buffer.byteLength(ch);
    if (used + n > maxBytes) break;
    out += ch;
    used += n;
  }
  return out;
}

/** The longest suffix of `text` (cleaned) of at most `maxBytes` UTF-8 bytes. */
export function tailBytes(text: string, maxBytes: number): string {
  const chars = Array.from(cleanText(text.slice(-maxBytes * 2)));
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

/**
 * A failed program's message: its exit code and what it printed, stdout first (a program reports
 * what went wrong there as often as on stderr), each cut to its tail, the whole within the cap.
 */
export function exitMessage(exitCode: number | null, stdout: string, stderr: string): string {
  const head = `exit code ${exitCode ?? '?'}`;
  const budget = MAX_ON_CHAIN_MESSAGE_BYTES - Buffer.byteLength(head) - '; stdout: ; stderr: '.length;
  const err = tailBytes(stderr, stdout ? Math.floor(budget / 3) : budget);
  const out = tailBytes(stdout, budget - Buffer.byteLength(err));
  const parts = [head];
  if (out) parts.push(`stdout: ${out}`);
  if (err) parts.push(`stderr: ${err}`);
  return headBytes(parts.join('; '), MAX_ON_CHAIN_MESSAGE_BYTES);
}
