/**
 * The mutable state of one execution shared by all host functions: guest memory access,
 * registers, gas counters, logs, created promises and the return value. Reads of guest memory
 * are bounds-checked and charged; `len == u64::MAX` means "read register `ptr`", as in nearcore.
 * One HostState serves every call of a module, one call at a time (`reset` starts the next), so
 * the host functions bound to it are built once per module instead of once per call.
 * Instruction gas: the metered module (compileContract.ts) counts down an exported i64 global in
 * units of one regular op; the host settles it into the gas counters whenever it burns gas (the
 * instrumented code writes the global back before every host call) and then refills it with what
 * the call may still burn, so one budget serves instructions and host functions as on NEAR.
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
  /** Bytes of all logs of the call so far (max_total_log_length). */
  logBytes = 0;
  /** The module's fuel global once the instance exists; its value when the host last set it. */
  private fuel: { value: bigint } | null = null;
  private fuelSet = 0n;

  constructor(
    public ctx: VMContext,
    public gasLimit: bigint,
    readonly regularOpCost: bigint,
  ) {}

  /** Starts charging instructions against the fuel global of the call's instance. */
  startMetering(fuel: { value: bigint }): void {
    this.fuel = fuel;
    this.refill();
  }

  /** Burns the instructions run since the last settlement; returns whether the fuel ran out (a fuel trap). */
  settleFuel(): boolean {
    const f = this.fuel;
    if (!f) return false;
    const left = f.value;
    const spent = this.fuelSet - left;
    this.fuelSet = left;
    if (spent !== 0n) {
      const gas = spent * this.regularOpCost;
      this.burntGas += gas;
      this.usedGas += gas;
    }
    return left < 0n;
  }

  /** Whether the budget that stopped the call was the prepaid gas (else max_gas_burnt). */
  prepaidIsTheLimit(): boolean {
    return this.ctx.prepaidGas - this.usedGas <= this.gasLimit - this.burntGas;
  }

  private refill(): void {
    const f = this.fuel;
    if (!f) return;
    const byPrepaid = this.ctx.prepaidGas - this.usedGas;
    const byLimit = this.gasLimit - this.burntGas;
    const remaining = byPrepaid < byLimit ? byPrepaid : byLimit;
    this.fuelSet = remaining > 0n ? remaining / this.regularOpCost : 0n;
    f.value = this.fuelSet;
  }

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
    this.logBytes = 0;
    this.fuel = null;
    this.fuelSet = 0n;
  }

  /** Burns gas (compute); it also counts as used. */
  burn(gas: bigint): void {
    this.settleFuel();
    this.burntGas += gas;
    this.usedGas += gas;
    if (this.burntGas > this.gasLimit) throw HostError.execution(GAS_LIMIT_EXCEEDED);
    if (this.usedGas > this.ctx.prepaidGas) throw HostError.execution(GAS_EXCEEDED);
    this.refill();
  }

  /** Uses prepaid gas without burning it: gas attached to a child promise. */
  use(gas: bigint): void {
    this.settleFuel();
    this.usedGas += gas;
    if (this.usedGas > this.ctx.prepaidGas) throw HostError.execution(GAS_EXCEEDED);
    this.refill();
  }

  /**
   * Burns all the gas the call may still burn: what NEAR charges a call whose instructions run
   * out of gas (the block that could not be paid for is charged in full).
   */
  burnAll(): void {
    this.settleFuel();
    const promised = this.usedGas - this.burntGas; // attached to promises: used, not burnt
    const byPrepaid = this.ctx.prepaidGas - promised;
    this.burntGas = byPrepaid < this.gasLimit ? byPrepaid : this.gasLimit;
    this.usedGas = this.burntGas + promised;
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
