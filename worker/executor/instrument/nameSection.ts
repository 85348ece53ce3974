/**
 * The 'name' custom section is kept (stack traces stay readable); other custom sections are
 * dropped, since DWARF and similar offsets would no longer match the metered code. When the fuel
 * global is imported, global indices shift, so the global-names subsection (id 7) is dropped. A
 * malformed name section is dropped rather than rejected: engines ignore it too.
 */
import { ByteReader } from './ByteReader.ts';
import type { ByteWriter } from './ByteWriter.ts';
import type { Section } from './sections.ts';

const GLOBAL_NAMES = 7;

export function emitNameSection(bytes: Uint8Array, s: Section, dropGlobalNames: boolean, out: ByteWriter): void {
  const contentStart = s.contentStart!;
  let keep: [number, number][] = [[contentStart, s.end]];
  if (dropGlobalNames) {
    keep = [];
    try {
      const r = new ByteReader(bytes, contentStart, s.end);
      while (r.pos < r.end) {
        const at = r.pos;
        const id = r.u8();
        r.skip(r.u32());
        if (id !== GLOBAL_NAMES) keep.push([at, r.pos]);
      }
    } catch {
      return;
    }
  }
  out.u8(0);
  const size = out.reserveU32();
  const start = out.len;
  out.name('name');
  for (const [a, b] of keep) out.bytes(bytes, a, b);
  out.patchU32(size, out.len - start);
}
