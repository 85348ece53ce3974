/** Byte helpers with no Node built-ins, so the dashboard's browser bundle can share them. */

/** The parts one after another in a new array (Buffer.concat without Buffer). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
