/**
 * Reading and rebuilding WebAssembly binaries at the section level, for the local VM's module
 * rewrites (meterLoops, importMemory): a LEB128 cursor, the section list, and output assembled
 * from parts (slices of the input and small byte arrays) concatenated once at the end.
 */
export class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.b.length) throw new RangeError('unexpected end of module');
    return this.b[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const x = this.byte();
      result += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return result;
      shift += 7;
    }
  }
  /** Skips a signed LEB128 of any width. */
  skipLeb(): void {
    while (this.byte() & 0x80);
  }
  skip(n: number): void {
    this.pos += n;
  }
}

export function u32Leb(n: number): number[] {
  const out: number[] = [];
  do {
    let x = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) x |= 0x80;
    out.push(x);
  } while (n > 0);
  return out;
}

export interface Section {
  id: number;
  start: number;
  end: number;
}

export function sections(b: Uint8Array): Section[] {
  const r = new Reader(b);
  r.pos = 8;
  const out: Section[] = [];
  while (r.pos < b.length) {
    const id = r.byte();
    const size = r.u32();
    out.push({ id, start: r.pos, end: r.pos + size });
    r.pos += size;
  }
  return out;
}

export type Bytes = Uint8Array | number[];
const len = (parts: Bytes[]): number => parts.reduce((n, p) => n + p.length, 0);
/** A section from parts, without spreading large arrays into arguments (code sections are big). */
export const section = (id: number, parts: Bytes[]): Bytes[] => [[id, ...u32Leb(len(parts))], ...parts];

export function concat(parts: Bytes[]): Uint8Array {
  const bytes = new Uint8Array(len(parts));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return bytes;
}
