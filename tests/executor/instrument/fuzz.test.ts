/**
 * Fuzzes the decoder with fast-check: random bytes, and valid modules with bytes flipped, inserted
 * or cut. instrumentModule must either throw a coded ErrandError or return a module that is
 * metered and validates exactly when the input validates; it must never crash otherwise.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ErrandError } from '../../../common/errors/index.ts';
import { FUEL_GLOBAL_EXPORT, instrumentModule, inspectModule } from '../../../worker/executor/instrument/index.ts';
import { wat } from './support/wat.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

type Outcome = 'rejected' | 'valid' | 'invalid';

function checkProperty(input: Uint8Array): Outcome {
  let output: Uint8Array;
  try {
    output = instrumentModule(input, { initialFuel: 1000n, memoryMaxPages: 16 });
  } catch (e) {
    assert.ok(e instanceof ErrandError, `non-coded exception: ${String(e)}`);
    assert.match(e.code, /^EXECUTOR__(INVALID_MODULE|UNSUPPORTED_FEATURE|MEMORY_LIMIT)$/);
    return 'rejected';
  }
  const inputValid = WebAssembly.validate(input);
  assert.equal(WebAssembly.validate(output), inputValid, 'the output validates exactly when the input does');
  if (inputValid) assert.ok(inspectModule(output).exports.some((x) => x.name === FUEL_GLOBAL_EXPORT));
  return inputValid ? 'valid' : 'invalid';
}

describe('instrument: decoder fuzzing', function () {
  this.timeout(120_000);
  const seeds: Uint8Array[] = [];
  before(async () => {
    const text = await readFile(path.join(here, 'modules', 'families.wat'), 'utf8');
    seeds.push(await wat(text));
    seeds.push(
      await wat(`(module (memory 1) (func (export "f") (param i32) (result i32)
      (block (loop (br_if 1 (i32.eqz (local.get 0))) (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
      (memory.fill (i32.const 0) (i32.const 0) (local.get 0)) (local.get 0)))`),
    );
  });

  it('random bytes after a valid header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        checkProperty(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...tail));
      }),
      { numRuns: 2000 },
    );
  });

  it('random section streams', () => {
    const section = fc.tuple(fc.integer({ min: 0, max: 13 }), fc.uint8Array({ maxLength: 40 })).map(([id, body]) => [id, body.length, ...body]);
    fc.assert(
      fc.property(fc.array(section, { maxLength: 6 }), (sections) => {
        checkProperty(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flat()));
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated valid modules (flip, insert, delete, truncate)', () => {
    const seen: Record<Outcome, number> = { rejected: 0, valid: 0, invalid: 0 };
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: 1 }),
      edits: fc.array(fc.record({ kind: fc.constantFrom('flip', 'set', 'insert', 'delete'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), {
        minLength: 1,
        maxLength: 2,
      }),
      cut: fc.option(fc.nat(), { freq: 10 }),
    });
    fc.assert(
      fc.property(mutation, ({ seed, edits, cut }) => {
        const bytes = [...seeds[seed]!];
        for (const e of edits) {
          const at = 8 + (e.at % Math.max(1, bytes.length - 8));
          if (e.kind === 'flip') bytes[at] = bytes[at]! ^ (1 << (e.byte % 8));
          else if (e.kind === 'set') bytes[at] = e.byte;
          else if (e.kind === 'insert') bytes.splice(at, 0, e.byte);
          else bytes.splice(at, 1);
        }
        const input = Uint8Array.from(cut === null ? bytes : bytes.slice(0, 8 + (cut % bytes.length)));
        seen[checkProperty(input)]++;
      }),
      { numRuns: 1500 },
    );
    // The property is not vacuous: many mutants decode, some of them still validate, some do not.
    assert.ok(seen.valid > 10 && seen.invalid > 2, JSON.stringify(seen));
  });
});
