/** A bounds-checked little-endian cursor over quote bytes: any read past the end is a QUOTE_MALFORMED refusal. */
import { refuse, type QuoteKind } from '../refusal.ts';

export class QuoteReader {
  #off = 0;
  constructor(
    readonly buf: Uint8Array,
    readonly kind: QuoteKind,
  ) {}

  get offset(): number {
    return this.#off;
  }

  bytes(n: number, what: string): Uint8Array {
    if (n < 0 || this.#off + n > this.buf.length) throw refuse(this.kind, 'QUOTE_MALFORMED', `truncated at ${what}`);
    const out = this.buf.subarray(this.#off, this.#off + n);
    this.#off += n;
    return out;
  }

  u16(what: string): number {
    const b = this.bytes(2, what);
    return b[0]! | (b[1]! << 8);
  }

  u32(what: string): number {
    const b = this.bytes(4, what);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16)) + b[3]! * 0x1000000;
  }
}
