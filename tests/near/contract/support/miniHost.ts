/**
 * A minimal, synchronous NEAR host for unit-testing the committed errand.wasm one call at a time:
 * storage with NEAR's byte accounting, registers, logs, deposits, and recorded (not executed)
 * promises. The test drives callbacks itself. It is a fallback while, and a cross-check beside,
 * the full local chain (contracts/near/local); it does not model receipts, gas or balances.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const WASM_PATH = new URL('../../../../contracts/near/errand.wasm', import.meta.url);

export interface CallContext {
  predecessor: string;
  signer?: string;
  /** borsh public key: 0 then 32 bytes. */
  signerPk?: Uint8Array;
  deposit?: bigint;
  gas?: bigint;
  view?: boolean;
  promiseResult?: Uint8Array | null;
}

export type RecordedPromise =
  | { kind: 'transfer'; to: string; amount: bigint }
  | { kind: 'yield'; method: string; args: string; gas: bigint; dataId: string }
  | { kind: 'resume'; dataId: string; payload: string };

export interface CallResult {
  ok: boolean;
  value?: string;
  error?: string;
  logs: string[];
  promises: RecordedPromise[];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export class MiniHost {
  readonly storage = new Map<string, Uint8Array>();
  storageUsage = 100n;
  blockHeight = 100n;
  readonly contractId: string;
  private readonly module: WebAssembly.Module;
  private yieldCounter = 0;
  /** Data ids the "runtime" accepts resumes for. */
  readonly openYields = new Set<string>();

  constructor(contractId = 'errand.test.near') {
    this.contractId = contractId;
    this.module = new WebAssembly.Module(readFileSync(WASM_PATH));
  }

  /** `args` is JSON-encoded, unless it is a Uint8Array (sent as the raw input bytes). */
  call(method: string, args: unknown, ctx: CallContext): CallResult {
    const registers = new Map<bigint, Uint8Array>();
    const logs: string[] = [];
    const promises: RecordedPromise[] = [];
    const input = args instanceof Uint8Array ? args : new TextEncoder().encode(args === undefined ? '' : JSON.stringify(args));
    let returned: Uint8Array | undefined;
    const box: { memory?: WebAssembly.Memory } = {};
    const mem = (): Uint8Array => new Uint8Array(box.memory!.buffer);
    const read = (ptr: bigint, len: bigint): Uint8Array => mem().slice(Number(ptr), Number(ptr + len));
    const text = (ptr: bigint, len: bigint): string => new TextDecoder().decode(read(ptr, len));
    const u128At = (ptr: bigint): bigint => {
      const b = read(ptr, 16n);
      let v = 0n;
      for (let i = 15; i >= 0; i -= 1) v = (v << 8n) | BigInt(b[i]!);
      return v;
    };
    const prohibitedInView = (name: string): void => {
      if (ctx.view) throw new Error(`ProhibitedInView: ${name}`);
    };
    class Abort extends Error {}
    const env: Record<string, (...a: bigint[]) => unknown> = {
      read_register: (id, ptr) => mem().set(registers.get(id)!, Number(ptr)),
      register_len: (id) => (registers.has(id) ? BigInt(registers.get(id)!.length) : 2n ** 64n - 1n),
      input: (id) => void registers.set(id, input),
      value_return: (len, ptr) => void (returned = read(ptr, len)),
      panic_utf8: (len, ptr) => {
        throw new Abort(text(ptr, len));
      },
      log_utf8: (len, ptr) => void logs.push(text(ptr, len)),
      storage_write: (kl, kp, vl, vp, reg) => {
        prohibitedInView('storage_write');
        const k = hex(read(kp, kl));
        const v = read(vp, vl);
        const old = this.storage.get(k);
        if (old) {
          this.storageUsage += BigInt(v.length) - BigInt(old.length);
          registers.set(reg, old);
        } else {
          this.storageUsage += kl + BigInt(v.length) + 40n;
        }
        this.storage.set(k, v);
        return old ? 1n : 0n;
      },
      storage_read: (kl, kp, reg) => {
        const v = this.storage.get(hex(read(kp, kl)));
        if (!v) return 0n;
        registers.set(reg, v);
        return 1n;
      },
      storage_remove: (kl, kp, reg) => {
        prohibitedInView('storage_remove');
        const k = hex(read(kp, kl));
        const old = this.storage.get(k);
        if (!old) return 0n;
        this.storageUsage -= kl + BigInt(old.length) + 40n;
        this.storage.delete(k);
        registers.set(reg, old);
        return 1n;
      },
      storage_usage: () => this.storageUsage,
      current_account_id: (id) => void registers.set(id, new TextEncoder().encode(this.contractId)),
      predecessor_account_id: (id) => {
        prohibitedInView('predecessor_account_id');
        registers.set(id, new TextEncoder().encode(ctx.predecessor));
      },
      signer_account_pk: (id) => {
        prohibitedInView('signer_account_pk');
        registers.set(id, ctx.signerPk ?? new Uint8Array(33));
      },
      attached_deposit: (ptr) => {
        prohibitedInView('attached_deposit');
        let v = ctx.deposit ?? 0n;
        const out = new Uint8Array(16);
        for (let i = 0; i < 16; i += 1) {
          out[i] = Number(v & 0xffn);
          v >>= 8n;
        }
        mem().set(out, Number(ptr));
      },
      prepaid_gas: () => ctx.gas ?? 300_000_000_000_000n,
      block_index: () => this.blockHeight,
      sha256: (len, ptr, reg) => void registers.set(reg, new Uint8Array(createHash('sha256').update(read(ptr, len)).digest())),
      promise_batch_create: (len, ptr) => {
        prohibitedInView('promise_batch_create');
        promises.push({ kind: 'transfer', to: text(ptr, len), amount: 0n });
        return BigInt(promises.length - 1);
      },
      promise_batch_action_transfer: (idx, ptr) => {
        const p = promises[Number(idx)];
        if (p?.kind !== 'transfer') throw new Error('bad promise index');
        p.amount += u128At(ptr);
      },
      promise_results_count: () => (ctx.promiseResult === undefined ? 0n : 1n),
      promise_result: (_idx, reg) => {
        if (ctx.promiseResult === null || ctx.promiseResult === undefined) return 2n;
        registers.set(reg, ctx.promiseResult);
        return 1n;
      },
      promise_return: () => undefined,
      promise_yield_create: (ml, mp, al, ap, gas, _w, reg) => {
        prohibitedInView('promise_yield_create');
        this.yieldCounter += 1;
        const dataId = createHash('sha256').update(`yield-${this.yieldCounter}`).digest();
        registers.set(reg, new Uint8Array(dataId));
        this.openYields.add(hex(dataId));
        promises.push({ kind: 'yield', method: text(mp, ml), args: text(ap, al), gas, dataId: hex(dataId) });
        return BigInt(promises.length - 1);
      },
      promise_yield_resume: (dl, dp, pl, pp) => {
        prohibitedInView('promise_yield_resume');
        const dataId = hex(read(dp, dl));
        if (!this.openYields.has(dataId) || pl > 1024n) return 0;
        this.openYields.delete(dataId);
        promises.push({ kind: 'resume', dataId, payload: text(pp, pl) });
        return 1;
      },
    };
    const instance = new WebAssembly.Instance(this.module, { env: env as unknown as WebAssembly.ModuleImports });
    box.memory = instance.exports.memory as WebAssembly.Memory;
    // State changes must roll back on a panic, as NEAR reverts a failed receipt.
    const snapshot = new Map(this.storage);
    const usageBefore = this.storageUsage;
    const yieldsBefore = new Set(this.openYields);
    try {
      (instance.exports[method] as () => void)();
      return { ok: true, value: returned ? new TextDecoder().decode(returned) : undefined, logs, promises };
    } catch (e) {
      this.storage.clear();
      for (const [k, v] of snapshot) this.storage.set(k, v);
      this.storageUsage = usageBefore;
      this.openYields.clear();
      for (const y of yieldsBefore) this.openYields.add(y);
      const error = e instanceof Abort ? e.message : `trap: ${String(e)}`;
      return { ok: false, error, logs, promises: [] };
    }
  }
}
