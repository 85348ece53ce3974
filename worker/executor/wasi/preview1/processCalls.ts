/**
 * Preview 1 calls about the process rather than descriptors: args, environ, clocks, random,
 * proc_exit and sched_yield. Strings are passed as NUL-terminated UTF-8, as the ABI requires.
 */
import { HOST_BYTE_FUEL, HOST_RANDOM_BYTE_FUEL } from '../../instrument/costModel.ts';
import { ClockId } from '../abi.ts';
import { Errno } from '../errno.ts';
import { ProcExit } from '../ProcExit.ts';
import type { Preview1Context } from './Preview1Context.ts';

type Call = (...args: never[]) => number;
const encoder = new TextEncoder();

function cStrings(values: string[]): Uint8Array[] {
  return values.map((v) => {
    const bytes = encoder.encode(v);
    const out = new Uint8Array(bytes.length + 1);
    out.set(bytes);
    return out;
  });
}

export function processCalls(ctx: Preview1Context): Record<string, Call> {
  const { mem, io } = ctx;
  const argv = cStrings(io.args);
  const environ = cStrings(io.env.map(([k, v]) => `${k}=${v}`));

  const sizes =
    (list: Uint8Array[]) =>
    (countPtr: number, bufSizePtr: number): number => {
      mem.u32(countPtr, list.length);
      mem.u32(
        bufSizePtr,
        list.reduce((n, s) => n + s.length, 0),
      );
      return Errno.SUCCESS;
    };
  const fill =
    (list: Uint8Array[]) =>
    (ptrsPtr: number, bufPtr: number): number => {
      io.meter.charge(list.reduce((n, s) => n + s.length + 4, 0) * HOST_BYTE_FUEL);
      let at = bufPtr;
      list.forEach((s, i) => {
        mem.u32(ptrsPtr + i * 4, at);
        mem.bytes(at, s.length).set(s);
        at += s.length;
      });
      return Errno.SUCCESS;
    };

  const now = (id: number): bigint | undefined => {
    switch (id) {
      case ClockId.REALTIME:
        return io.clock.realtimeNs();
      case ClockId.MONOTONIC:
      case ClockId.PROCESS_CPUTIME:
      case ClockId.THREAD_CPUTIME:
        return io.clock.monotonicNs();
      default:
        return undefined;
    }
  };

  return {
    args_sizes_get: sizes(argv),
    args_get: fill(argv),
    environ_sizes_get: sizes(environ),
    environ_get: fill(environ),

    clock_res_get(id: number, resPtr: number): number {
      if (id < 0 || id > ClockId.THREAD_CPUTIME) return Errno.INVAL;
      mem.u64(resPtr, io.clock.resolutionNs);
      return Errno.SUCCESS;
    },

    clock_time_get(id: number, _precision: bigint, timePtr: number): number {
      const t = now(id);
      if (t === undefined) return Errno.INVAL;
      mem.u64(timePtr, t);
      return Errno.SUCCESS;
    },

    random_get(ptr: number, len: number): number {
      const target = mem.bytes(ptr, len);
      io.meter.charge(target.length * HOST_RANDOM_BYTE_FUEL);
      io.random.fill(target);
      return Errno.SUCCESS;
    },

    proc_exit(code: number): never {
      throw new ProcExit(code >>> 0);
    },

    sched_yield: (): number => Errno.SUCCESS,
  };
}
