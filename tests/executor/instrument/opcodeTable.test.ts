/**
 * Cross-checks the decoder's opcode tables against wasm-tools (through jco's `print`, which decodes
 * without validating): for every single-byte, 0xFC and 0xFD opcode, a one-instruction body built
 * from our immediate table must decode in wasm-tools to exactly that one instruction, and the
 * instrumented module must print the same instruction; opcodes we call unknown must not decode.
 */
import assert from 'node:assert/strict';
import { isErrandError } from '../../../common/errors/index.ts';
import { instrumentModule } from '../../../worker/executor/instrument/index.ts';
import * as op from '../../../worker/executor/instrument/opcodes.ts';
import { toText } from './support/wat.ts';

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, payload: number[]): number[] {
  return [id, ...leb(payload.length), ...payload];
}

/** A module with one function `() -> ()` (one i32 local), a table, a memory and a global. */
function moduleWithBody(instr: number[]): Uint8Array {
  const body = [1, 1, 0x7f, ...instr, 0x0b];
  return Uint8Array.of(
    0,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [1, 0]),
    ...section(4, [1, 0x70, 0, 1]),
    ...section(5, [1, 0, 1]),
    ...section(6, [1, 0x7f, 1, 0x41, 0, 0x0b]),
    ...section(10, [1, ...leb(body.length), ...body]),
  );
}

const MEMARG = [0x00, 0x00];

function singleByteImmediates(code: number): number[] | undefined {
  switch (op.OPCODE_KIND[code]) {
    case op.K_NONE:
    case op.K_RETURN:
      return [];
    case op.K_U32:
    case op.K_CALL:
    case op.K_LOCAL:
    case op.K_GLOBAL:
    case op.K_BR:
    case op.K_BR_IF:
      return [0];
    case op.K_CALL_INDIRECT:
      return [0, 0];
    case op.K_SELECT_T:
      return [1, 0x7f];
    case op.K_MEMARG:
      return MEMARG;
    case op.K_MEMORY_SIZE:
    case op.K_MEMORY_GROW:
      return [0];
    case op.K_I32_CONST:
    case op.K_I64_CONST:
      return [0x7f];
    case op.K_F32_CONST:
      return [0, 0, 0, 0];
    case op.K_F64_CONST:
      return [0, 0, 0, 0, 0, 0, 0, 0];
    case op.K_REF_NULL:
      return [0x70];
    case op.K_BR_TABLE:
      return [1, 0, 0];
    default:
      return undefined; // structured control, prefixes, unsupported and unknown: tested elsewhere
  }
}

function fcImmediates(sub: number): number[] | undefined {
  switch (sub < op.FC_KIND.length ? op.FC_KIND[sub] : 0) {
    case op.FC_NONE:
      return [];
    case op.FC_U32:
    case op.FC_TABLE_U32_DYN:
    case op.FC_MEMORY_FILL:
      return [0];
    case op.FC_MEMORY_INIT:
    case op.FC_MEMORY_COPY:
    case op.FC_TABLE_2U32_DYN:
      return [0, 0];
    default:
      return undefined;
  }
}

function simdImmediates(sub: number): number[] | undefined {
  switch (op.SIMD_KIND[sub]) {
    case op.SIMD_NONE:
      return [];
    case op.SIMD_MEMARG:
      return MEMARG;
    case op.SIMD_BYTES16:
      return new Array<number>(16).fill(1);
    case op.SIMD_LANE:
      return [1];
    case op.SIMD_MEMARG_LANE:
      return [...MEMARG, 1];
    default:
      return undefined;
  }
}

/** The instruction lines of function 0, as wasm-tools prints them. */
function bodyLines(text: string): string[] {
  const start = text.indexOf('(func (;0;)');
  const lines = text
    .slice(start)
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
  return lines.slice(0, lines.indexOf(')')).filter((l) => !l.startsWith('(local'));
}

async function decodesInWasmTools(bytes: Uint8Array): Promise<string[] | undefined> {
  try {
    return bodyLines(await toText(bytes));
  } catch {
    return undefined;
  }
}

async function check(label: string, prefix: number[], immediates: number[] | undefined): Promise<string[]> {
  const problems: string[] = [];
  if (immediates === undefined) {
    const bytes = moduleWithBody([...prefix, 0x0b]);
    assert.throws(
      () => instrumentModule(bytes, { initialFuel: 1n }),
      (e) => isErrandError(e, 'EXECUTOR__INVALID_MODULE'),
      label,
    );
    if (await decodesInWasmTools(bytes)) problems.push(`${label}: we reject it but wasm-tools decodes it`);
    return problems;
  }
  const bytes = moduleWithBody([...prefix, ...immediates]);
  const theirs = await decodesInWasmTools(bytes);
  if (!theirs || theirs.length !== 1) {
    problems.push(`${label}: wasm-tools decodes ${JSON.stringify(theirs)} from our immediates`);
    return problems;
  }
  const metered = instrumentModule(bytes, { initialFuel: 1n });
  const ours = bodyLines(await toText(metered));
  if (!ours.includes(theirs[0]!)) problems.push(`${label}: '${theirs[0]}' lost in the instrumented body`);
  return problems;
}

describe('instrument: opcode tables agree with wasm-tools', function () {
  this.timeout(120_000);

  it('every single-byte opcode', async () => {
    const problems: string[] = [];
    for (let code = 0; code < 256; code++) {
      const imm = singleByteImmediates(code);
      if (imm === undefined && op.OPCODE_KIND[code] !== op.K_INVALID) continue;
      problems.push(...(await check(`0x${code.toString(16)}`, [code], imm)));
    }
    assert.deepEqual(problems, []);
  });

  it('every 0xFC opcode (saturating truncation, bulk memory, tables)', async () => {
    const problems: string[] = [];
    for (let sub = 0; sub < 18; sub++) problems.push(...(await check(`0xfc ${sub}`, [0xfc, ...leb(sub)], fcImmediates(sub))));
    assert.deepEqual(problems, []);
  });

  it('every 0xFD opcode (SIMD), with memargs, lanes, v128.const and shuffles', async () => {
    const problems: string[] = [];
    for (let sub = 0; sub < 256; sub++) problems.push(...(await check(`0xfd ${sub}`, [0xfd, ...leb(sub)], simdImmediates(sub))));
    assert.deepEqual(problems, []);
  });
});
