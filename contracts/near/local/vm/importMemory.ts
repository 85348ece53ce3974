/**
 * Turns a module's own linear memory into an import (OWN_MEMORY_IMPORT) with the same limits, so
 * the VM can hand each new Instance a recycled, zeroed Memory instead of allocating one: V8 backs
 * every Memory with a fresh mapping, and allocating one per contract call (over a megabyte each
 * for a Rust contract) both cost a good part of Instance creation and drove most of the local
 * chain's major GCs through external-memory pressure. Data segments are still written by each
 * instantiation, so a zeroed recycled memory holds what a fresh one would (its size may be larger:
 * see linkModule.ts).
 * Does not promise: anything for modules with several memories, a shared or 64-bit memory, or a
 * memory that is already imported — they return null and keep their own.
 */
import { concat, Reader, section, sections, u32Leb, type Bytes } from './wasmBytes.ts';

export const OWN_MEMORY_IMPORT = { module: 'errand', name: 'memory' } as const;

export interface MemoryLimits {
  /** Pages (64 KiB) at instantiation. */
  initial: number;
  maximum?: number;
}

const IMPORT_SECTION = 2;
const MEMORY_SECTION = 5;
const KIND_MEMORY = 0x02;

export function importMemory(code: Uint8Array): { code: Uint8Array; limits: MemoryLimits } | null {
  try {
    return rewrite(code);
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

function rewrite(b: Uint8Array): { code: Uint8Array; limits: MemoryLimits } | null {
  const secs = sections(b);
  const mem = secs.find((s) => s.id === MEMORY_SECTION);
  if (!mem) return null;
  const r = new Reader(b);
  r.pos = mem.start;
  if (r.u32() !== 1) return null;
  const limitsStart = r.pos;
  const flags = r.byte();
  if (flags > 1) return null; // shared or 64-bit
  const initial = r.u32();
  const maximum = flags === 1 ? r.u32() : undefined;
  const limitsBytes = b.subarray(limitsStart, r.pos);

  const imports = secs.find((s) => s.id === IMPORT_SECTION);
  let count = 0;
  let entries: Bytes = [];
  if (imports) {
    r.pos = imports.start;
    count = r.u32();
    entries = b.subarray(r.pos, imports.end);
  }
  const name = (s: string): number[] => [...u32Leb(s.length), ...Buffer.from(s, 'utf8')];
  const importSection = section(IMPORT_SECTION, [
    u32Leb(count + 1),
    entries,
    name(OWN_MEMORY_IMPORT.module),
    name(OWN_MEMORY_IMPORT.name),
    [KIND_MEMORY],
    limitsBytes,
  ]);

  const out: Bytes[] = [b.subarray(0, 8)];
  let wroteImports = false;
  for (const s of secs) {
    // Sections are ordered by id (custom sections, id 0, may sit anywhere): imports go before the first one after them.
    if (!wroteImports && s.id > IMPORT_SECTION) {
      out.push(...importSection);
      wroteImports = true;
    }
    if (s.id === MEMORY_SECTION || s.id === IMPORT_SECTION) continue;
    out.push(...section(s.id, [b.subarray(s.start, s.end)]));
  }
  if (!wroteImports) out.push(...importSection);
  return { code: concat(out), limits: maximum === undefined ? { initial } : { initial, maximum } };
}
