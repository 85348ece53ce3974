/**
 * The canonical JSON serialization the transcript hash is taken over (transcriptSha256):
 * - objects: keys sorted by UTF-16 code units (JavaScript's default sort), no whitespace,
 *   members whose value is `undefined` omitted;
 * - arrays: in order, no whitespace;
 * - strings: as JSON.stringify writes them (RFC 8259 escapes, non-ASCII left as UTF-8);
 * - numbers: integers only (status codes, version), written in decimal; anything else is refused;
 * - the whole text is hashed as UTF-8 with SHA-256 and written as 64 lower-case hex digits.
 * A verifier in any language can reproduce the hash from a transcript file with these rules.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON has integers only, got ${value}`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash that goes on-chain: sha256 of the transcript's canonical JSON. */
export function transcriptSha256(transcript: unknown): string {
  return sha256Hex(canonicalJson(transcript));
}
