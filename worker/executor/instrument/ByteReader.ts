/**
 * Bounds-checked cursor over a WebAssembly binary. Every malformed read (past the end, an LEB128
 * longer than its type allows, a u32 with bits beyond 32, a name that is not UTF-8) throws
 * EXECUTOR__INVALID_MODULE with the byte offset. Signed immediates are only skipped: the
 * instrumenter copies them byte for byte, so it never needs their values.
 */
import { invalidModule } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class ByteReader {
  readonly bytes: Uint8Array;
  pos: number;
  end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    if (this.pos >= this.end) throw invalidModule('unexpected end', this.pos);
    return this.bytes[this.pos++]!;
  }

  u32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      if (shift === 28) {
        if ((b & 0xf0) !== 0) throw invalidModule('integer too large or LEB128 too long', start);
        return (result | (b << 28)) >>> 0;
      }
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }

  /** Skips a signed LEB128 of at most `maxBytes` bytes (5 for s32/s33, 10 for s64). */
  skipSleb(maxBytes: number): void {
    const start = this.pos;
    for (let i = 0; i < maxBytes; i++) {
      if ((this.u8() & 0x80) === 0) return;
    }
    throw invalidModule('LEB128 too long', start);
  }

  /** Reads a signed LEB128 that must fit in 33 bits (block types); returns it as a number. */
  s33(): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= mul;
        return result;
      }
    }
    throw invalidModule('LEB128 too long', start);
  }

  skip(n: number): void {
    if (n > this.end - this.pos) throw invalidModule('unexpected end', this.pos);
    this.pos += n;
  }

  name(): string {
    const len = this.u32();
    const start = this.pos;
    this.skip(len);
    try {
      return utf8.decode(this.bytes.subarray(start, start + len));
    } catch {
      throw invalidModule('name is not valid UTF-8', start);
    }
  }

  /** A vector length, checked against the bytes left (each element takes at least `minBytes`). */
  count(minBytes = 1): number {
    const at = this.pos;
    const n = this.u32();
    if (n * minBytes > this.end - this.pos) throw invalidModule('vector length exceeds the bytes left', at);
    return n;
  }

  expectEnd(what: string): void {
    if (this.pos !== this.end) throw invalidModule(`${what} has trailing bytes or is shorter than declared`, this.pos);
  }
}
