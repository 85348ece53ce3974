/**
 * Contract memory across calls (contracts/near/local/vm/importMemory.ts, linkModule.ts): each call
 * gets a fresh Instance whose memory holds only zeros and the module's data segments, even though
 * the VM recycles the memory a previous call dirtied and grew; a module's own memory becomes an
 * import with the same limits.
 */
import assert from 'node:assert/strict';
import { Chain } from '../../../contracts/near/local/chain/Chain.ts';
import { viewFunction } from '../../../contracts/near/local/chain/viewFunction.ts';
import { importMemory, OWN_MEMORY_IMPORT } from '../../../contracts/near/local/vm/importMemory.ts';
import { wat } from '../../executor/helpers/wat.ts';
import { errandWasm, NEAR } from './helpers.ts';

const W = (
  globalThis as unknown as {
    WebAssembly: {
      Module: { new (b: Uint8Array): object; imports(m: object): { module: string; name: string; kind: string }[] };
      validate(b: Uint8Array): boolean;
    };
  }
).WebAssembly;

/** `dirty` scribbles over the data segment, grows memory and writes there; `read` returns bytes
 * 16..40 with, at 32, what is at 70000 when memory is that large (a recycled memory may start
 * larger than the module's minimum, see linkModule.ts). */
const WAT = `(module
  (import "env" "value_return" (func $ret (param i64 i64)))
  (memory (export "memory") 1 4)
  (data (i32.const 16) "seed")
  (func (export "dirty")
    (i64.store (i32.const 16) (i64.const -1))
    (i64.store (i32.const 24) (i64.const -1))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 70000) (i32.const 9)))
  (func (export "read")
    (if (i32.gt_u (memory.size) (i32.const 1))
      (then (i64.store (i32.const 32) (i64.extend_i32_u (i32.load (i32.const 70000))))))
    (call $ret (i64.const 24) (i64.const 16))))`;

describe('near local chain: contract memory across calls', () => {
  it('turns a module memory into an import with its limits, the rest of the module intact', async () => {
    const code = await wat(WAT);
    const out = importMemory(code);
    assert.ok(out && W.validate(out.code));
    assert.deepEqual(out.limits, { initial: 1, maximum: 4 });
    const memories = W.Module.imports(new W.Module(out.code)).filter((i) => i.kind === 'memory');
    assert.deepEqual(memories, [{ module: OWN_MEMORY_IMPORT.module, name: OWN_MEMORY_IMPORT.name, kind: 'memory' }]);
    const errand = importMemory(errandWasm());
    assert.ok(errand && W.validate(errand.code));
    assert.equal(errand.limits.maximum, undefined);
  });

  it('gives every call zeros and the data segments, whatever the previous call wrote', async () => {
    const chain = new Chain();
    chain.createAccount('mem.test', 10n * NEAR, 'ed25519:11111111111111111111111111111111');
    chain.deployContract('mem.test', await wat(WAT));
    const read = (): string => Buffer.from(viewFunction(chain.state, 'mem.test', 'read', new Uint8Array()).result).toString('hex');
    const fresh = read();
    assert.equal(fresh, Buffer.concat([Buffer.from('seed'), Buffer.alloc(20)]).toString('hex'));
    for (let i = 0; i < 3; i++) {
      viewFunction(chain.state, 'mem.test', 'dirty', new Uint8Array());
      assert.equal(read(), fresh);
    }
  });
});
