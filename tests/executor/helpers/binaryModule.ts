/**
 * Builds large WebAssembly binaries directly (the text assembler is too slow for megabytes):
 * commands with one `() -> ()` type, `n` functions with the given bodies, memory 1, `_start`
 * exported as the last function.
 */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, payload: Uint8Array | number[]): Uint8Array {
  const body = payload instanceof Uint8Array ? payload : Uint8Array.from(payload);
  return concat([Uint8Array.from([id, ...leb(body.length)]), body]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

const HEADER = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0);

/** A command of `count` functions whose bodies (locals and code, without the size) are `body(i)`. */
export function commandWithBodies(count: number, body: (i: number) => Uint8Array, elements?: Uint8Array): Uint8Array {
  const types = section(1, [1, 0x60, 0, 0]);
  const funcs = section(3, [...leb(count), ...new Array<number>(count).fill(0)]);
  const memory = section(5, [1, 0, 1]);
  const name = [...new TextEncoder().encode('_start')];
  const exports = section(7, [2, name.length, ...name, 0, ...leb(count - 1), 6, ...new TextEncoder().encode('memory'), 2, 0]);
  const bodies: Uint8Array[] = [Uint8Array.from(leb(count))];
  for (let i = 0; i < count; i++) {
    const b = body(i);
    bodies.push(Uint8Array.from(leb(b.length)), b);
  }
  const code = concat(bodies);
  const elem = elements ? [section(9, elements)] : [];
  return concat([HEADER, types, funcs, memory, exports, ...elem, section(10, code)]);
}

/** A function body: no locals, `code` repeated `times`, then `end`. */
export function repeatedBody(code: number[], times: number): Uint8Array {
  const out = new Uint8Array(1 + code.length * times + 1);
  for (let i = 0; i < times; i++) out.set(code, 1 + i * code.length);
  out[out.length - 1] = 0x0b;
  return out;
}

/** A module made only of a custom section of `bytes` bytes (too large before anything is decoded). */
export function hugeCustomSection(bytes: number): Uint8Array {
  const payload = new Uint8Array(bytes);
  payload[0] = 1;
  payload[1] = 0x78; // name "x"
  return concat([HEADER, section(0, payload)]);
}

/** An element section payload: one passive segment of `entries` references to function 0. */
export function passiveElements(entries: number): Uint8Array {
  const head = [1, 1, 0, ...leb(entries)];
  const out = new Uint8Array(head.length + entries);
  out.set(head);
  return out;
}
