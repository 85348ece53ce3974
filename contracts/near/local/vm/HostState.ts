/**
 * The mutable state of one execution shared by all host functions: guest memory access,
 * registers, gas counters, logs, created promises and the return value. Reads of guest memory
 * are bounds-checked and charged; `len == u64::MAX` means "read register `ptr`", as in nearcore.
 * One HostState serves every call of a module, one call at a time (`reset` starts the next), so
 * the host functions bound to it are built once per module instead of once per call.
 */
import { GAS } from './gasCosts.ts';
import { BALANCE_EXCEEDED, GAS_EXCEEDED, GAS_LIMIT_EXCEEDED, HostError } from './HostError.ts';
import type { WasmMemory } from './wasmApi.ts';
import type { ReturnData, VMContext, VMPromise } from './VMContext.ts';

/** i64 parameters arrive from V8 as signed BigInts; -1n is u64::MAX. */
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const MAX_REGISTER_BYTES = 100 * 1024 * 1024;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class HostState {
  memory: WasmMemory | null = null;
  /** A view of `memory`'s current buffer (replaced when the memory grows). */
  private view: Uint8Array | null = null;
  readonly registers = new Map<bigint, Uint8Array>();
  burntGas = 0n;
  usedGas = 0n;
  logs: string[] = [];
  promises: VMPromise[] = [];
  yieldResumes: { dataId: string; payload: Uint8Array }[] = [];
  returnData: ReturnData = { kind: 'none' };

  constructor(
    public ctx: VMContext,
    public gasLimit: bigint,
  ) {}

  /** Forgets the previous call (its outcome keeps the arrays it was given) and starts another. */
  reset(ctx: VMContext, gasLimit: bigint): void {
    this.ctx = ctx;
    this.gasLimit = gasLimit;
    this.memory = null;
    this.view = null;
    this.registers.clear();
    this.burntGas = 0n;
    this.usedGas = 0n;
    this.logs = [];
    this.promises = [];
    this.yieldResumes = [];
    this.returnData = { kind: 'none' };
  }

  /** Burns gas (compute); it also counts as used. */
  burn(gas: bigint): void {
    this.burntGas += gas;
    this.usedGas += gas;
    if (this.burntGas > this.gasLimit) throw HostError.execution(GAS_LIMIT_EXCEEDED);
    if (this.usedGas > this.ctx.prepaidGas) throw HostError.execution(GAS_EXCEEDED);
  }

  /** Uses prepaid gas without burning it: gas attached to a child promise. */
  use(gas: bigint): void {
    this.usedGas += gas;
    if (this.usedGas > this.ctx.prepaidGas) throw HostError.execution(GAS_EXCEEDED);
  }

  /**
   * Burns all the gas the call may still burn: what NEAR charges a call that never stops (it
   * runs until its prepaid gas is gone). Used when the local chain's wall-clock guard stops one.
   */
  burnAll(): void {
    const cap = this.ctx.prepaidGas < this.gasLimit ? this.ctx.prepaidGas : this.gasLimit;
    const remaining = cap - this.burntGas;
    if (remaining <= 0n) return;
    this.burntGas += remaining;
    this.usedGas += remaining;
    if (this.usedGas > this.ctx.prepaidGas) this.usedGas = this.ctx.prepaidGas;
  }

  /**
   * Takes a promise's deposit out of the executing account's balance, as nearcore's VMLogic does
   * when the action is added (deduct_balance): the amount leaves the account when the outgoing
   * receipt is created, not when it runs. Whether what is left still covers storage is checked by
   * the chain after the call (LackBalanceForState). The account is rolled back if the call fails.
   */
  deductBalance(amount: bigint): void {
    if (amount === 0n) return;
    const acct = this.ctx.account;
    if (amount > acct.amount) throw HostError.execution(BALANCE_EXCEEDED);
    acct.amount -= amount;
  }

  private mem(): Uint8Array {
    if (!this.memory) throw HostError.execution('memory is not available');
    const buffer = this.memory.buffer;
    if (this.view?.buffer !== buffer) this.view = new Uint8Array(buffer);
    return this.view;
  }

  readMemory(ptr: bigint, len: bigint): Uint8Array {
    const mem = this.mem();
    if (ptr < 0n || len < 0n || ptr + len > BigInt(mem.length)) throw HostError.execution('MemoryAccessViolation');
    this.burn(GAS.readMemoryBase + GAS.readMemoryByte * len);
    return mem.slice(Number(ptr), Number(ptr + len));
  }

  writeMemory(ptr: bigint, data: Uint8Array): void {
    const mem = this.mem();
    if (ptr < 0n || ptr + BigInt(data.length) > BigInt(mem.length)) throw HostError.execution('MemoryAccessViolation');
    this.burn(GAS.writeMemoryBase + GAS.writeMemoryByte * BigInt(data.length));
    mem.set(data, Number(ptr));
  }

  /** Bytes from memory, or from register `ptr` when `len` is u64::MAX. */
  readBytes(len: bigint, ptr: bigint): Uint8Array {
    if (BigInt.asUintN(64, len) === U64_MAX) {
      const reg = this.registers.get(ptr);
      if (!reg) throw HostError.execution(`InvalidRegisterId { register_id: ${ptr} }`);
      this.burn(GAS.readRegisterBase + GAS.readRegisterByte * BigInt(reg.length));
      return reg;
    }
    return this.readMemory(ptr, len);
  }

  /** UTF-8 text; `len == u64::MAX` means a register, or a NUL-terminated string for logs and panics. */
  readUtf8(len: bigint, ptr: bigint, nulTerminated = false): string {
    let bytes: Uint8Array;
    if (nulTerminated && BigInt.asUintN(64, len) === U64_MAX) {
      const mem = this.mem();
      let end = Number(ptr);
      while (end < mem.length && mem[end] !== 0) end++;
      bytes = this.readMemory(ptr, BigInt(end) - ptr);
    } else {
      bytes = this.readBytes(len, ptr);
    }
    this.burn(GAS.utf8DecodingBase + GAS.utf8DecodingByte * BigInt(bytes.length));
    try {
      return UTF8.decode(bytes);
    } catch {
      throw HostError.execution('String encoding is bad UTF-8 sequence.');
    }
  }

  setRegister(id: bigint, data: Uint8Array): void {
    if (data.length > MAX_REGISTER_BYTES) throw HostError.execution('MemoryAccessViolation');
    this.burn(GAS.writeRegisterBase + GAS.writeRegisterByte * BigInt(data.length));
    this.registers.set(id, data);
  }

  /** nearcore refuses state changes and promises in view calls with ProhibitedInView. */
  forbidInView(method: string): void {
    if (this.ctx.isView) throw HostError.execution(`${method} is not allowed in view calls`);
  }

  promise(index: bigint): VMPromise {
    const p = this.promises[Number(index)];
    if (index < 0n || !p) throw HostError.execution(`InvalidPromiseIndex { promise_idx: ${index} }`);
    return p;
  }

  receiptPromise(index: bigint): Extract<VMPromise, { kind: 'receipt' }> {
    const p = this.promise(index);
    if (p.kind !== 'receipt') throw HostError.execution('CannotAppendActionToJointPromise');
    return p;
  }
}
