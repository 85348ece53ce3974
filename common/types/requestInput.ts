/**
 * A request's input is bytes. In JSON (chain events, the coordinator's API, the worker's claim) it
 * has two spellings, chosen by the bytes: UTF-8 bytes travel as `input` text; any other bytes as
 * `inputBase64` (canonical base64), with `input` then ''. These helpers are the only conversion, so
 * every hop recovers the exact bytes.
 */
export interface RequestInput {
  input: string;
  inputBase64?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The input's exact bytes. */
export function requestInputBytes(r: RequestInput): Uint8Array {
  if (r.inputBase64 !== undefined) return new Uint8Array(Buffer.from(r.inputBase64, 'base64'));
  return new TextEncoder().encode(r.input);
}

/** The spelling of `bytes`: text if they are UTF-8, else base64. */
export function requestInputFromBytes(bytes: Uint8Array): RequestInput {
  try {
    return { input: utf8.decode(bytes) };
  } catch {
    return { input: '', inputBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
  }
}

/** True for canonical padded base64 (the only form the contract accepts and these helpers make). */
export function isCanonicalBase64(s: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 && Buffer.from(s, 'base64').toString('base64') === s;
}
