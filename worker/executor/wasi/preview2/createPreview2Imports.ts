/**
 * The import object for a jco-transpiled WASI preview 2 command (instantiation mode), keyed by
 * interface name without version, as jco's `instantiate(getCoreModule, imports)` expects.
 * Deterministic clocks and random come from the run's GuestIo; the filesystem is the run's
 * in-memory one (its preopens: the scratch /tmp and copies, descriptor.ts); outbound HTTP goes through
 * the worker (http.ts, worker/executor/http/); socket functions trap when called. Every host function
 * charges HOST_CALL_FUEL, and the ones that move bytes or poll also charge per byte / pollable
 * (instrument/costModel.ts); resource methods charge inside their classes.
 */
import { HOST_BYTE_FUEL, HOST_CALL_FUEL, HOST_POLL_SUBSCRIPTION_FUEL, HOST_RANDOM_BYTE_FUEL } from '../../instrument/costModel.ts';
import type { HostMeter } from '../HostMeter.ts';
import { ProcExit } from '../ProcExit.ts';
import type { GuestIo } from '../GuestIo.ts';
import { Descriptor, DirectoryEntryStream, filesystemErrorCode } from './descriptor.ts';
import { createHttpInterfaces } from './http.ts';
import { poll, Pollable } from './pollables.ts';
import { InputStream, IoError, OutputStream } from './streams.ts';

class TerminalInput {}
class TerminalOutput {}

function randomBytes(io: GuestIo, len: bigint): Uint8Array {
  // Charged before allocating: a huge request runs out of fuel instead of out of heap.
  io.meter.charge(Number(len) * HOST_RANDOM_BYTE_FUEL);
  const out = new Uint8Array(Number(len));
  io.random.fill(out);
  return out;
}

function randomU64(io: GuestIo): bigint {
  return new DataView(randomBytes(io, 8n).buffer).getBigUint64(0, true);
}

/** Socket interfaces: every member is a function that traps when called (no network here). */
function unavailable(iface: string): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get: (_t, name) =>
        function unavailableHostFunction() {
          throw new Error(`${iface}#${String(name)} is not available: the executor provides no network`);
        },
    },
  );
}

/** Wraps every plain function of an interface object so that it charges HOST_CALL_FUEL first. */
function charged(meter: HostMeter, iface: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(iface)) {
    const isClass = typeof member === 'function' && /^class\b/.test(Function.prototype.toString.call(member));
    out[name] =
      typeof member === 'function' && !isClass
        ? (...args: unknown[]) => {
            meter.charge(HOST_CALL_FUEL);
            return (member as (...a: unknown[]) => unknown)(...args);
          }
        : member;
  }
  return out;
}

const stringBytes = (list: string[]): number => list.reduce((n, s) => n + Buffer.byteLength(s) + 8, 0);

export function createPreview2Imports(io: GuestIo): Record<string, unknown> {
  const raw = rawPreview2Imports(io);
  const out: Record<string, unknown> = {};
  for (const [name, iface] of Object.entries(raw)) {
    out[name] = name.startsWith('wasi:sockets/') ? iface : charged(io.meter, iface as Record<string, unknown>);
  }
  return out;
}

function rawPreview2Imports(io: GuestIo): Record<string, unknown> {
  const meter = io.meter;
  const stdin = new InputStream(io.stdin, meter);
  const stdout = new OutputStream(io.stdout, meter);
  const stderr = new OutputStream(io.stderr, meter);
  const clock = io.clock;
  const http = createHttpInterfaces(io);
  const wallNow = () => {
    const ns = clock.realtimeNs();
    return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
  };
  return {
    'wasi:cli/environment': {
      getEnvironment: () => {
        meter.charge(stringBytes(io.env.flat()) * HOST_BYTE_FUEL);
        return io.env;
      },
      getArguments: () => {
        meter.charge(stringBytes(io.args) * HOST_BYTE_FUEL);
        return io.args;
      },
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: string }) => {
        throw new ProcExit(status.tag === 'ok' ? 0 : 1);
      },
      exitWithCode: (code: number) => {
        throw new ProcExit(code);
      },
    },
    'wasi:cli/stdin': { getStdin: () => stdin },
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/terminal-input': { TerminalInput },
    'wasi:cli/terminal-output': { TerminalOutput },
    'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
    'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
    'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    'wasi:clocks/monotonic-clock': {
      now: () => clock.monotonicNs(),
      resolution: () => clock.resolutionNs,
      subscribeInstant: (when: bigint) => new Pollable(clock, when, meter),
      subscribeDuration: (d: bigint) => new Pollable(clock, clock.monotonicNs() + d, meter),
    },
    'wasi:clocks/wall-clock': {
      now: wallNow,
      resolution: () => ({ seconds: 0n, nanoseconds: Number(clock.resolutionNs) }),
    },
    'wasi:random/random': { getRandomBytes: (len: bigint) => randomBytes(io, len), getRandomU64: () => randomU64(io) },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (len: bigint) => randomBytes(io, len),
      getInsecureRandomU64: () => randomU64(io),
    },
    'wasi:random/insecure-seed': { insecureSeed: () => [randomU64(io), randomU64(io)] },
    'wasi:filesystem/preopens': {
      getDirectories: () => io.fs.preopens.map((p) => [new Descriptor({ fs: io.fs.memfs, meter }, p.root, { read: true, write: true }), p.guestPath]),
    },
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': {
      Pollable,
      poll: (list: Pollable[]) => {
        meter.charge(list.length * HOST_POLL_SUBSCRIPTION_FUEL);
        return poll(list);
      },
    },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:sockets/instance-network': unavailable('wasi:sockets/instance-network'),
    'wasi:sockets/network': unavailable('wasi:sockets/network'),
    'wasi:sockets/tcp': unavailable('wasi:sockets/tcp'),
    'wasi:sockets/tcp-create-socket': unavailable('wasi:sockets/tcp-create-socket'),
    'wasi:sockets/udp': unavailable('wasi:sockets/udp'),
    'wasi:sockets/udp-create-socket': unavailable('wasi:sockets/udp-create-socket'),
    'wasi:sockets/ip-name-lookup': unavailable('wasi:sockets/ip-name-lookup'),
    // componentize-js links fetch() by default: a real outgoing handler (http.ts), refusing every
    // exchange unless the run has an http capability.
    'wasi:http/types': http.types,
    'wasi:http/outgoing-handler': http.outgoingHandler,
  };
}

/** Interfaces (unversioned) the host provides; a component importing anything else fails at link time. */
export const PREVIEW2_INTERFACES: ReadonlySet<string> = new Set(Object.keys(createPreview2Imports({} as GuestIo)));
