/**
 * A cursor over borsh bytes: little-endian integers, length-prefixed byte vectors and UTF-8
 * strings, fixed arrays, options. Malformed input (reading past the end, a bad option tag) throws
 * BorshError; the caller maps it to its own error. Byte slices are views into the input (no copy).
 */
export class BorshError extends Error {}

export class BorshReader {
  pos = 0;
  private readonly view: DataView;
  private readonly buf: Buffer;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private take(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.bytes.length) throw new BorshError(`unexpected end of borsh data at byte ${at} (wanted ${n})`);
    this.pos = at + n;
    return at;
  }

  u8(): number {
    return this.bytes[this.take(1)]!;
  }

  u32(): number {
    return this.view.getUint32(this.take(4), true);
  }

  u64(): bigint {
    return this.view.getBigUint64(this.take(8), true);
  }

  u128(): bigint {
    const lo = this.u64();
    return (this.u64() << 64n) | lo;
  }

  fixed(n: number): Uint8Array {
    const at = this.take(n);
    return this.bytes.subarray(at, at + n);
  }

  /** `Vec<u8>`: u32 length, then the bytes. */
  vec(): Uint8Array {
    return this.fixed(this.u32());
  }

  string(): string {
    const n = this.u32();
    const at = this.take(n);
    return this.buf.toString('utf8', at, at + n);
  }

  /** `Option<T>`: tag 0 (None) or 1 followed by the value. */
  option<T>(read: () => T): T | null {
    const tag = this.u8();
    if (tag > 1) throw new BorshError(`bad option tag ${tag} at byte ${this.pos - 1}`);
    return tag === 1 ? read() : null;
  }

  get done(): boolean {
    return this.pos === this.bytes.length;
  }
}
