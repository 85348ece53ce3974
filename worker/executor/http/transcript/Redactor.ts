/**
 * Replaces secret values (the run's secret environment variables, e.g. a bearer token from the
 * keystore) wherever they appear in what the transcript records of a request: the URL, header
 * values and the body. Each occurrence becomes `[secret:sha256:<hex of the value>]`, so a
 * transcript shows which secret was used without containing it, and the same secret always
 * redacts the same way (replay compares redacted requests). Longer secrets are replaced first, so
 * a secret that contains another is not half-redacted. Secrets shorter than 4 bytes are not
 * redacted (they would match everywhere; such a value is no secret anyway).
 */
import { sha256Hex } from './canonicalJson.ts';

const MIN_SECRET_BYTES = 4;

export class Redactor {
  private readonly secrets: { value: Buffer; marker: Buffer }[];

  constructor(values: readonly string[]) {
    this.secrets = [...new Set(values)]
      .filter((v) => Buffer.byteLength(v) >= MIN_SECRET_BYTES)
      .sort((a, b) => Buffer.byteLength(b) - Buffer.byteLength(a))
      .map((v) => ({ value: Buffer.from(v), marker: Buffer.from(`[secret:sha256:${sha256Hex(v)}]`) }));
  }

  text(s: string): string {
    return this.secrets.length === 0 ? s : this.bytes(Buffer.from(s)).toString('utf8');
  }

  bytes(b: Uint8Array): Buffer {
    let out = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    for (const { value, marker } of this.secrets) {
      if (out.indexOf(value) < 0) continue;
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = out.indexOf(value, from); at >= 0; at = out.indexOf(value, from)) {
        parts.push(out.subarray(from, at), marker);
        from = at + value.length;
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }
}
