/**
 * Growable output buffer for the stream encoder. Sizes that are only known after the content is
 * written (section and function-body sizes) are reserved as 5-byte padded LEB128 and patched,
 * which the binary format allows, so nothing is written twice.
 */
export class ByteWriter {
  buf: Uint8Array;
  len = 0;

  /** `maxBytes`: the output may never grow past it (onOverflow throws); the buffer never exceeds it. */
  constructor(
    capacity = 1024,
    private readonly maxBytes = Infinity,
    private readonly onOverflow: (bytes: number) => never = (bytes) => {
      throw new RangeError(`output of ${bytes} bytes past its cap`);
    },
  ) {
    this.buf = new Uint8Array(Math.max(16, Math.min(capacity, maxBytes)));
  }

  private grow(extra: number): void {
    if (this.len + extra > this.maxBytes) this.onOverflow(this.len + extra);
    let cap = this.buf.length * 2;
    while (cap < this.len + extra) cap *= 2;
    cap = Math.min(cap, this.maxBytes);
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(b: number): void {
    if (this.len >= this.buf.length) this.grow(1);
    this.buf[this.len++] = b;
  }

  u32(v: number): void {
    if (this.len + 5 > this.buf.length) this.grow(5);
    let n = v >>> 0;
    for (;;) {
      const b = n & 0x7f;
      n >>>= 7;
      if (n === 0) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  /** Signed LEB128 of a non-negative or negative integer given as bigint (i64 immediates). */
  s64(value: bigint): void {
    if (this.len + 10 > this.buf.length) this.grow(10);
    let v = BigInt.asIntN(64, value);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.buf[this.len++] = done ? b : b | 0x80;
      if (done) return;
    }
  }

  /** Signed LEB128 of a non-negative safe integer (fuel costs). */
  sNonNegative(value: number): void {
    if (this.len + 10 > this.buf.length) this.grow(10);
    let v = value;
    for (;;) {
      const b = v % 128;
      v = Math.floor(v / 128);
      if (v === 0 && (b & 0x40) === 0) {
        this.buf[this.len++] = b;
        return;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.len + n > this.buf.length) this.grow(n);
    if (n < 16) {
      for (let i = start; i < end; i++) this.buf[this.len++] = src[i]!;
      return;
    }
    this.buf.set(src.subarray(start, end), this.len);
    this.len += n;
  }

  name(s: string): void {
    const encoded = new TextEncoder().encode(s);
    this.u32(encoded.length);
    this.bytes(encoded);
  }

  /** Reserves a 5-byte padded u32 and returns its position for `patchU32`. */
  reserveU32(): number {
    if (this.len + 5 > this.buf.length) this.grow(5);
    const at = this.len;
    this.len += 5;
    return at;
  }

  patchU32(at: number, v: number): void {
    let n = v >>> 0;
    for (let i = 0; i < 4; i++) {
      this.buf[at + i] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[at + 4] = n & 0x7f;
  }

  /** The bytes written; a view when it uses most of the buffer, else a right-sized copy. */
  result(): Uint8Array {
    return this.len * 4 >= this.buf.length * 3 ? this.buf.subarray(0, this.len) : this.buf.slice(0, this.len);
  }
}
