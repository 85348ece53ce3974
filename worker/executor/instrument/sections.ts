/**
 * Splits a binary into its header and sections, checking the framing: magic, version 1 (a core
 * module, not a component), known section ids in the required order, each at most once, sizes
 * within the file. Section payloads are decoded elsewhere.
 */
import { ByteReader } from './ByteReader.ts';
import { hex, invalidModule, unsupportedFeature } from './errors.ts';

export const SEC_CUSTOM = 0;
export const SEC_TYPE = 1;
export const SEC_IMPORT = 2;
export const SEC_FUNCTION = 3;
export const SEC_TABLE = 4;
export const SEC_MEMORY = 5;
export const SEC_GLOBAL = 6;
export const SEC_EXPORT = 7;
export const SEC_START = 8;
export const SEC_ELEMENT = 9;
export const SEC_CODE = 10;
export const SEC_DATA = 11;
export const SEC_DATA_COUNT = 12;
const SEC_TAG = 13;

/** Position of each non-custom section id in the required order (data count sits before code). */
export const SECTION_ORDER: readonly number[] = [
  SEC_TYPE,
  SEC_IMPORT,
  SEC_FUNCTION,
  SEC_TABLE,
  SEC_MEMORY,
  SEC_GLOBAL,
  SEC_EXPORT,
  SEC_START,
  SEC_ELEMENT,
  SEC_DATA_COUNT,
  SEC_CODE,
  SEC_DATA,
];

export interface Section {
  id: number;
  /** Payload start and end (after the id and size). */
  start: number;
  end: number;
  /** For custom sections, the name and where the content after the name starts. */
  customName?: string;
  contentStart?: number;
}

export function splitSections(bytes: Uint8Array): Section[] {
  const r = new ByteReader(bytes);
  if (bytes.length < 8) throw invalidModule('shorter than the 8-byte header', 0);
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw invalidModule('bad magic number', 0);
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    if (bytes[6] === 1 && bytes[7] === 0) throw invalidModule('this is a WebAssembly component, not a core module', 4);
    throw invalidModule('unsupported binary version', 4);
  }
  r.pos = 8;
  const sections: Section[] = [];
  let lastRank = -1;
  while (r.pos < r.end) {
    const at = r.pos;
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    const section: Section = { id, start, end: start + size };
    if (id === SEC_CUSTOM) {
      const nr = new ByteReader(bytes, start, start + size);
      section.customName = nr.name();
      section.contentStart = nr.pos;
    } else {
      const rank = SECTION_ORDER.indexOf(id);
      if (rank < 0) {
        if (id === SEC_TAG) throw unsupportedFeature('exception handling (tag section)', undefined, at);
        throw invalidModule(`unknown section id ${hex(id)}`, at);
      }
      if (rank <= lastRank) throw invalidModule(`section ${id} is out of order or repeated`, at);
      lastRank = rank;
    }
    sections.push(section);
  }
  return sections;
}
