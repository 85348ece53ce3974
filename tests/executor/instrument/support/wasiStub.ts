/**
 * A tiny deterministic WASI preview 1 stub for the instrumenter's tests (the real host belongs to
 * the executor). Captures stdout/stderr, serves stdin from a buffer, fixes clocks and randomness,
 * and answers ENOSYS for everything else. Not a WASI implementation to run untrusted code with.
 */
const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_NOSYS = 52;

export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`proc_exit(${code})`);
  }
}

export interface WasiRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function makeWasi(args: string[], stdin: Uint8Array = new Uint8Array()) {
  let memory: WebAssembly.Memory | undefined;
  const out: number[][] = [[], [], []];
  let stdinPos = 0;
  let rng = 0x12345678;
  const view = () => new DataView(memory!.buffer);
  const bytes = () => new Uint8Array(memory!.buffer);
  const argBytes = args.map((a) => new TextEncoder().encode(a + '\0'));
  const impl: Record<string, (...a: number[]) => number> = {
    args_sizes_get(argc, size) {
      view().setUint32(argc, argBytes.length, true);
      view().setUint32(
        size,
        argBytes.reduce((n, b) => n + b.length, 0),
        true,
      );
      return ERRNO_SUCCESS;
    },
    args_get(argv, buf) {
      let p = buf;
      argBytes.forEach((b, i) => {
        view().setUint32(argv + 4 * i, p, true);
        bytes().set(b, p);
        p += b.length;
      });
      return ERRNO_SUCCESS;
    },
    environ_sizes_get(count, size) {
      view().setUint32(count, 0, true);
      view().setUint32(size, 0, true);
      return ERRNO_SUCCESS;
    },
    environ_get: () => ERRNO_SUCCESS,
    fd_write(fd, iovs, n, written) {
      if (fd !== 1 && fd !== 2) return ERRNO_BADF;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const ptr = view().getUint32(iovs + 8 * i, true);
        const len = view().getUint32(iovs + 8 * i + 4, true);
        for (const b of bytes().subarray(ptr, ptr + len)) out[fd]!.push(b);
        total += len;
      }
      view().setUint32(written, total, true);
      return ERRNO_SUCCESS;
    },
    fd_read(fd, iovs, n, read) {
      if (fd !== 0) return ERRNO_BADF;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const ptr = view().getUint32(iovs + 8 * i, true);
        const len = view().getUint32(iovs + 8 * i + 4, true);
        const chunk = stdin.subarray(stdinPos, stdinPos + len);
        bytes().set(chunk, ptr);
        stdinPos += chunk.length;
        total += chunk.length;
      }
      view().setUint32(read, total, true);
      return ERRNO_SUCCESS;
    },
    fd_fdstat_get(fd, stat) {
      if (fd > 2) return ERRNO_BADF;
      bytes().fill(0, stat, stat + 24);
      view().setUint8(stat, 2); // character device
      return ERRNO_SUCCESS;
    },
    fd_prestat_get: () => ERRNO_BADF,
    fd_close: () => ERRNO_SUCCESS,
    clock_time_get(_id, _precision, time) {
      view().setBigUint64(time, 1_700_000_000_000_000_000n, true);
      return ERRNO_SUCCESS;
    },
    random_get(buf, len) {
      for (let i = 0; i < len; i++) {
        rng = (rng * 1103515245 + 12345) >>> 0;
        bytes()[buf + i] = rng >>> 24;
      }
      return ERRNO_SUCCESS;
    },
    sched_yield: () => ERRNO_SUCCESS,
    proc_exit(code) {
      throw new ProcExit(code);
    },
  };
  const imports = (module: WebAssembly.Module): WebAssembly.Imports => {
    const wasi: Record<string, (...a: never[]) => number> = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module === 'wasi_snapshot_preview1' && imp.kind === 'function') {
        wasi[imp.name] = (impl[imp.name] ?? (() => ERRNO_NOSYS)) as (...a: never[]) => number;
      }
    }
    return { wasi_snapshot_preview1: wasi };
  };
  return {
    imports,
    bind(instance: WebAssembly.Instance) {
      memory = instance.exports.memory as WebAssembly.Memory;
    },
    result(exitCode: number): WasiRun {
      const dec = new TextDecoder();
      return { exitCode, stdout: dec.decode(Uint8Array.from(out[1]!)), stderr: dec.decode(Uint8Array.from(out[2]!)) };
    },
  };
}

/** Instantiates and runs `_start`; returns output, the exit code and (if exported) the fuel left. */
export function runWasi(bytes: Uint8Array | WebAssembly.Module, args: string[] = ['prog'], stdin?: Uint8Array): WasiRun & { fuelLeft?: bigint; trap?: string } {
  const module = bytes instanceof WebAssembly.Module ? bytes : new WebAssembly.Module(bytes);
  const wasi = makeWasi(args, stdin);
  const instance = new WebAssembly.Instance(module, wasi.imports(module));
  wasi.bind(instance);
  let exitCode = 0;
  let trap: string | undefined;
  try {
    (instance.exports._start as () => void)();
  } catch (e) {
    if (e instanceof ProcExit) exitCode = e.code;
    else if (e instanceof WebAssembly.RuntimeError) trap = e.message;
    else throw e;
  }
  const fuel = instance.exports.errand_fuel_left as WebAssembly.Global | undefined;
  return { ...wasi.result(exitCode), ...(fuel ? { fuelLeft: fuel.value as bigint } : {}), ...(trap ? { trap } : {}) };
}
