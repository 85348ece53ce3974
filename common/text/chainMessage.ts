/**
 * An error message the contract accepts in a response (contracts/near API.md: `error.message` at
 * most 512 UTF-8 bytes, no control characters but newline and tab). A message it refuses would
 * make the resolution fail on every try, leaving the request to the deadline refund: so messages
 * built from program output, database errors or chain data are fitted here before they are sent.
 */
import { toStorableText } from './wellFormed.ts';

export const MAX_CHAIN_MESSAGE_BYTES = 512;

export function chainMessage(message: string, maxBytes = MAX_CHAIN_MESSAGE_BYTES): string {
  const clean = toStorableText(message).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
  if (Buffer.byteLength(clean) <= maxBytes) return clean;
  let out = '';
  let bytes = 0;
  for (const ch of clean) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes - 3) break;
    out += ch;
    bytes += n;
  }
  return `${out}...`;
}
