/**
 * poll_oneoff over clocks and stdio. Stdio is never blocked: stdin is a buffer (readable, with the
 * bytes left, or HANGUP at end of input) and stdout/stderr always accept writes. So if any
 * descriptor subscription is present the call returns those events at once; otherwise it sleeps
 * until the earliest clock subscription (virtually, in deterministic mode) and reports it.
 */
import { ClockId, EVENT_SIZE, EventType, EVENTRWFLAGS_FD_READWRITE_HANGUP, SUBSCRIPTION_CLOCK_ABSTIME, SUBSCRIPTION_SIZE } from '../abi.ts';
import { HOST_POLL_SUBSCRIPTION_FUEL } from '../../instrument/costModel.ts';
import { Errno } from '../errno.ts';
import type { Preview1Context } from './Preview1Context.ts';

interface Event {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
  flags: number;
}

export const MAX_SUBSCRIPTIONS = 4096;

export function pollOneoff(ctx: Preview1Context) {
  const { mem, fds, io } = ctx;

  return function poll_oneoff(inPtr: number, outPtr: number, nsubscriptions: number, neventsPtr: number): number {
    // One host object per subscription: bounded like iovecs, so the guest cannot grow the heap at will.
    if (nsubscriptions === 0 || nsubscriptions >>> 0 > MAX_SUBSCRIPTIONS) return Errno.INVAL;
    io.meter.charge((nsubscriptions >>> 0) * HOST_POLL_SUBSCRIPTION_FUEL);
    const fdEvents: Event[] = [];
    let earliest: { deadline: bigint; event: Event } | undefined;
    const clockEvents: Event[] = [];

    for (let i = 0; i < nsubscriptions >>> 0; i++) {
      const sub = inPtr + i * SUBSCRIPTION_SIZE;
      const userdata = mem.readU64(sub);
      const tag = mem.readU8(sub + 8);
      const base: Event = { userdata, error: Errno.SUCCESS, type: tag, nbytes: 0n, flags: 0 };
      if (tag === EventType.CLOCK) {
        const id = mem.readU32(sub + 16);
        const timeout = mem.readU64(sub + 24);
        const absolute = (mem.readU16(sub + 40) & SUBSCRIPTION_CLOCK_ABSTIME) !== 0;
        if (id > ClockId.THREAD_CPUTIME) {
          clockEvents.push({ ...base, error: Errno.INVAL });
          continue;
        }
        const now = id === ClockId.REALTIME ? io.clock.realtimeNs() : io.clock.monotonicNs();
        const delta = absolute ? (timeout > now ? timeout - now : 0n) : timeout;
        const deadline = io.clock.monotonicNs() + delta;
        if (!earliest || deadline < earliest.deadline) earliest = { deadline, event: base };
      } else if (tag === EventType.FD_READ || tag === EventType.FD_WRITE) {
        const entry = fds.get(mem.readU32(sub + 16));
        if (entry?.kind === 'file') {
          // A file is always ready: readable up to its end, writable.
          const left = tag === EventType.FD_READ ? Math.max(0, entry.node.size - entry.offset) : 1 << 16;
          fdEvents.push({ ...base, nbytes: BigInt(left) });
        } else if (!entry || entry.kind === 'dir' || (tag === EventType.FD_READ) !== (entry.kind === 'stdin')) {
          fdEvents.push({ ...base, error: Errno.BADF });
        } else if (tag === EventType.FD_READ) {
          const left = io.stdin.remaining;
          fdEvents.push({ ...base, nbytes: BigInt(left), flags: left === 0 ? EVENTRWFLAGS_FD_READWRITE_HANGUP : 0 });
        } else {
          fdEvents.push({ ...base, nbytes: 1n << 16n });
        }
      } else {
        return Errno.INVAL;
      }
    }

    let events = [...clockEvents, ...fdEvents];
    if (events.length === 0 && earliest) {
      io.clock.sleepUntil(earliest.deadline);
      events = [earliest.event];
    }
    events.forEach((e, i) => {
      const at = outPtr + i * EVENT_SIZE;
      mem.bytes(at, EVENT_SIZE).fill(0);
      mem.u64(at, e.userdata);
      mem.u16(at + 8, e.error);
      mem.u8(at + 10, e.type);
      mem.u64(at + 16, e.nbytes);
      mem.u16(at + 24, e.flags);
    });
    mem.u32(neventsPtr, events.length);
    return Errno.SUCCESS;
  };
}
