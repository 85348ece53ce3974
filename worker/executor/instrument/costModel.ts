/**
 * The fuel cost model. 1 fuel = 1 WebAssembly instruction executed (every opcode counts once,
 * including block, loop, if, else, end, and the function's final end). Instructions are charged
 * per basic block, at the block's entry: a block whose execution stops part-way (a trap, a
 * proc_exit inside a call) has already paid for its remaining instructions. Calls do not end a
 * block; the callee charges its own blocks.
 *
 * Every block subtracts its cost from the counter; the sign is tested (and a negative counter
 * traps with `unreachable`, leaving the exported/imported global below zero) at function entry,
 * at every loop iteration, at dynamic charges, before leaving a function and before any call that
 * may reach the host. A program that runs out therefore traps within one acyclic stretch of code,
 * before it can loop, call the host or return; the fuel of a run that completes is exact.
 *
 * Operations whose work grows with an operand also charge dynamically, from that operand, just
 * before they run (whether or not they then succeed):
 * - memory.fill, memory.copy, memory.init: 1 fuel per 8 bytes (count >> 3);
 * - memory.grow: 8192 fuel per page requested (a page is 65536 bytes, at the same 8-byte rate);
 * - table.grow, table.fill, table.copy, table.init: 1 fuel per element.
 * The static count stays exact; the dynamic part is a price, not an instruction count.
 */

/** Shift applied to the byte count of bulk memory operations (fuel = bytes >> 3). */
export const BULK_BYTES_FUEL_SHIFT = 3;
/** Shift applied to the page count of memory.grow (fuel = pages << 13 = pages * 8192). */
export const GROW_PAGE_FUEL_SHIFT = 13;

/** What a dynamic charge is proportional to. */
export const DYN_BYTES = 1;
export const DYN_PAGES = 2;
export const DYN_ELEMENTS = 3;

/*
 * Host calls. Every WASI preview 1 call and every preview 2 host method is charged by the host
 * (the fuel counter is a global the host can read and write), before it does its work: a fixed
 * HOST_CALL_FUEL, plus a price per byte it moves between the guest and the host, plus a price per
 * subscription or pollable for poll calls. A call the counter cannot pay for does nothing and
 * ends the run `fuel_exhausted`. Like instruction counts, these depend only on the call's
 * arguments and the run's input, never on the machine, so they are part of the determinism
 * promise.
 *
 * The prices are calibrated so that host work is never cheaper, per unit of fuel, than
 * instructions (about 1 ns of host time per fuel on this project's reference machine, where one
 * instruction takes well under 1 ns): a loop on any host call runs out of fuel before it runs out
 * of wall clock under the default limits (10^10 fuel, 30 s).
 */
/** Every host call, whatever it does (crossing into JavaScript and back, argument checks). */
export const HOST_CALL_FUEL = 2000;
/** Per byte copied between guest memory and a host buffer: fd_read, fd_write, args, environ, paths, P2 streams. */
export const HOST_BYTE_FUEL = 1;
/** Per byte of random_get / wasi:random (a ChaCha20 keystream, plus the copy into guest memory). */
export const HOST_RANDOM_BYTE_FUEL = 16;
/** Per subscription of poll_oneoff, per pollable of wasi:io/poll#poll. */
export const HOST_POLL_SUBSCRIPTION_FUEL = 6000;
/** Per directory entry listed by fd_readdir (scratch filesystem). */
export const HOST_DIRENT_FUEL = 200;

/**
 * A pluggable price list (InstrumentOptions.costModel) for hosts whose own metering prices
 * instructions differently, e.g. the local NEAR chain, which charges as nearcore's finite-wasm
 * preparation does. The default model is exactly the rule above; a model never changes where the
 * counter is checked, only how much each block, function entry and dynamic charge subtracts.
 */
export interface CostModel {
  /** Static fuel of each instruction by its first byte (0xFC/0xFD instructions by their prefix); 256 entries. */
  opcodeFuel: ArrayLike<number>;
  /** Static fuel of a 0xFC instruction that also takes a dynamic charge (bulk memory/table ops), instead of opcodeFuel[0xFC]. */
  bulkFuel: number;
  /** Dynamic charges by kind (DYN_*): fuel = count << shift (a negative shift divides); null: no dynamic charge. */
  dynamicShift: { bytes: number | null; pages: number | null; elements: number | null };
  /** Fuel charged on entry to every defined function, from the bytes of its parameters and locals. */
  entryFuel(frameBytes: number): number;
  /**
   * Optional stack budget ('export' fuel mode only), as nearcore's finite-wasm keeps one: the module
   * gets a mutable i64 global exported as STACK_GLOBAL_EXPORT, starting at `limit`; every defined
   * function takes `bytes(definedIndex, frameBytes)` from it on entry (trapping, with the global
   * below zero, when that leaves it negative) and sets it back to its own level after each call it
   * makes, which gives back whatever the callee took however the callee returned.
   */
  stack?: { limit: bigint; bytes(definedIndex: number, frameBytes: number): number };
}

const ONE_PER_OPCODE = new Uint8Array(256).fill(1);

export const DEFAULT_COST_MODEL: CostModel = {
  opcodeFuel: ONE_PER_OPCODE,
  bulkFuel: 1,
  dynamicShift: { bytes: -BULK_BYTES_FUEL_SHIFT, pages: GROW_PAGE_FUEL_SHIFT, elements: 0 },
  entryFuel: () => 0,
};

/** Bytes a value of type `t` (a value type byte) takes in a frame: i32/f32 4, v128 16, the rest 8. */
export function valueBytes(t: number): number {
  if (t === 0x7f || t === 0x7d) return 4;
  if (t === 0x7b) return 16;
  return 8;
}

/*
 * Outbound HTTP (worker/executor/http/). An exchange waits on the network, which fuel cannot
 * measure the same on every machine, so it is priced by what the program asks for, never by how
 * long it took: a fixed price per exchange (refused ones too) and a price per byte moved each way
 * (method, URL, header names and values + 4 per header, body). The response bytes are charged when
 * the response reaches the guest; a replay of the same transcript therefore charges the same fuel.
 */
/** Per exchange the program starts (allowed or refused), on top of HOST_CALL_FUEL. */
export const HTTP_REQUEST_FUEL = 1_000_000;
/** Per byte of the request sent and of the response received (headers and body). */
export const HTTP_BYTE_FUEL = 4;
