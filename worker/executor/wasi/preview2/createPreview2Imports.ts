/**
 * The import object for a jco-transpiled WASI preview 2 command (instantiation mode), keyed by
 * interface name without version, as jco's `instantiate(getCoreModule, imports)` expects.
 * Deterministic clocks and random come from the run's GuestIo; there is no filesystem (no
 * preopens) and no network: socket and HTTP functions trap when called.
 */
import { ProcExit } from '../ProcExit.ts';
import type { GuestIo } from '../GuestIo.ts';
import { poll, Pollable } from './pollables.ts';
import { InputStream, IoError, OutputStream } from './streams.ts';


class TerminalInput {}
class TerminalOutput {}
class Descriptor {}
class DirectoryEntryStream {}

function randomBytes(io: GuestIo, len: bigint): Uint8Array {
  const out = new Uint8Array(Number(len));
  io.random.fill(out);
  return out;
}

function randomU64(io: GuestIo): bigint {
  return new DataView(randomBytes(io, 8n).buffer).getBigUint64(0, true);
}

/** Socket interfaces: every member is a function that traps when called (no network here). */
function unavailable(iface: string): Record<string, unknown> {
  return new Proxy({}, {
    get: (_t, name) =>
      function unavailableHostFunction() {
        throw new Error(`${iface}#${String(name)} is not available: the executor provides no network`);
      },
  });
}

export function createPreview2Imports(io: GuestIo): Record<string, unknown> {
  const stdin = new InputStream(io.stdin);
  const stdout = new OutputStream(io.stdout);
  const stderr = new OutputStream(io.stderr);
  const clock = io.clock;
  const wallNow = () => {
    const ns = clock.realtimeNs();
    return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
  };
  return {
    'wasi:cli/environment': { getEnvironment: () => io.env, getArguments: () => io.args, initialCwd: () => undefined },
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
      subscribeInstant: (when: bigint) => new Pollable(clock, when),
      subscribeDuration: (d: bigint) => new Pollable(clock, clock.monotonicNs() + d),
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
    'wasi:filesystem/preopens': { getDirectories: () => [] },
    'wasi:filesystem/types': { Descriptor, DirectoryEntryStream, filesystemErrorCode: () => undefined },
    'wasi:io/error': { Error: IoError },
    'wasi:io/poll': { Pollable, poll },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:sockets/instance-network': unavailable('wasi:sockets/instance-network'),
    'wasi:sockets/network': unavailable('wasi:sockets/network'),
    'wasi:sockets/tcp': unavailable('wasi:sockets/tcp'),
    'wasi:sockets/tcp-create-socket': unavailable('wasi:sockets/tcp-create-socket'),
    'wasi:sockets/udp': unavailable('wasi:sockets/udp'),
    'wasi:sockets/udp-create-socket': unavailable('wasi:sockets/udp-create-socket'),
    'wasi:sockets/ip-name-lookup': unavailable('wasi:sockets/ip-name-lookup'),
    // componentize-js links fetch() by default; a program that calls it traps.
    'wasi:http/types': unavailable('wasi:http/types'),
    'wasi:http/outgoing-handler': unavailable('wasi:http/outgoing-handler'),
  };
}

/** Interfaces (unversioned) the host provides; a component importing anything else fails at link time. */
export const PREVIEW2_INTERFACES: ReadonlySet<string> = new Set(Object.keys(createPreview2Imports({} as GuestIo)));
