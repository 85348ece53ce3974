/**
 * What a module needs per call, worked out once: its exported functions, its imports bound to one
 * HostState (the host functions read the current call's state from it), and a spare memory.
 * Building ~60 host closures and scanning the import/export lists per call, and allocating a
 * memory (and growing it) per call, were a large share of the local chain's profile. The Instance
 * itself stays fresh per call, as on NEAR: a recycled memory is zeroed first and gets the
 * module's data segments again at instantiation, so the call sees what a fresh one holds.
 * Any import from `env` that we do not implement links to a function that fails the call with a
 * clear message, so a contract using it fails loudly instead of at link time.
 */
import { compiledInfo } from './compileContract.ts';
import { HostError } from './HostError.ts';
import { HostState } from './HostState.ts';
import { OWN_MEMORY_IMPORT, type MemoryLimits } from './importMemory.ts';
import { contextImports } from './imports/contextImports.ts';
import { promiseImports } from './imports/promiseImports.ts';
import { storageImports } from './imports/storageImports.ts';
import { utilImports } from './imports/utilImports.ts';
import type { VMContext } from './VMContext.ts';
import { wasm, type WasmMemory, type WasmModule } from './wasmApi.ts';

/** What an `env.memory` import gets (as nearcore's preparation step provides one). */
const ENV_MEMORY: MemoryLimits = { initial: 17, maximum: 2048 };
/**
 * Memories up to this size are recycled. A Rust contract's allocator takes its heap from
 * memory.grow, a page more in every call, so a recycled memory starts a few pages above the
 * module's minimum and the call's heap sits higher: the same contents (zeros and data segments)
 * with more room, as on NEAR, where every contract starts with 1024 pages. Past this size a fresh
 * memory is cheaper than checking the old one for what to zero.
 */
const MAX_RECYCLED_BYTES = 2 * 1024 * 1024;

export interface LinkedModule {
  functions: Set<string>;
  host: HostState;
  /** The import object, reused by every call; a memory import's slot is refilled per call. */
  imports: Record<string, Record<string, unknown>>;
  memory: { slot: Record<string, unknown>; name: string; limits: MemoryLimits; spare: WasmMemory | null } | null;
  /** Why the module cannot be instantiated here (an import we refuse), raised when it is called. */
  linkError: HostError | null;
  busy: boolean;
}

const linkedModules = new WeakMap<WasmModule, LinkedModule>();

/** The module's link with its HostState reset for this call; `release` it when the call ends. */
export function linkFor(module: WasmModule, ctx: VMContext, gasLimit: bigint, regularOpCost: bigint): LinkedModule {
  const cached = linkedModules.get(module);
  if (cached && !cached.busy && cached.host.regularOpCost === regularOpCost) {
    cached.host.reset(ctx, gasLimit);
    cached.busy = true;
    return cached;
  }
  // A call while another runs on the module (calls do not nest today) gets a link of its own.
  const l = link(module, new HostState(ctx, gasLimit, regularOpCost));
  if (!cached || !cached.busy) linkedModules.set(module, l);
  l.busy = true;
  return l;
}

/** Puts a zeroed memory (recycled, or fresh of the module's initial size) in the import slot and `host.memory`. */
export function provideMemory(l: LinkedModule): void {
  const m = l.memory;
  if (!m) return;
  const memory = m.spare ?? new wasm.Memory(m.limits);
  m.spare = null;
  m.slot[m.name] = memory;
  l.host.memory = memory;
}

/** Ends the call: its memory is kept for the next one unless it grew too large to be worth zeroing. */
export function release(l: LinkedModule): void {
  const m = l.memory;
  if (m) {
    const used = m.slot[m.name] as WasmMemory | undefined;
    if (used && used.buffer.byteLength <= MAX_RECYCLED_BYTES) {
      // Zeroed now, while what the call wrote is still in the CPU caches.
      zeroDirtyChunks(used.buffer);
      m.spare = used;
    }
    m.slot[m.name] = undefined;
  }
  l.host.memory = null; // the reused state does not keep the call's memory alive
  l.busy = false;
}

const COARSE = 64 * 1024;
const FINE = 4 * 1024;
const ZEROS = Buffer.alloc(COARSE);

/**
 * Zeroes the pages a call wrote to, comparing with zeros first (native memcmp): by 64 KiB, then
 * by 4 KiB inside a dirty 64 KiB. A call writes a small part of its memory (stack top, statics,
 * its heap page), and reading a clean page costs about half of writing it: in the chain's profile
 * this took half the time of filling the whole memory, which itself cost more than a fresh memory
 * when done before the next call (out of the CPU caches).
 */
function zeroDirtyChunks(buffer: ArrayBuffer): void {
  const bytes = Buffer.from(buffer);
  const isZero = (from: number, to: number): boolean => bytes.compare(ZEROS, 0, to - from, from, to) === 0;
  for (let at = 0; at < bytes.length; at += COARSE) {
    const end = Math.min(at + COARSE, bytes.length);
    if (isZero(at, end)) continue;
    for (let page = at; page < end; page += FINE) {
      const pageEnd = Math.min(page + FINE, end);
      if (!isZero(page, pageEnd)) bytes.fill(0, page, pageEnd);
    }
  }
}

function link(module: WasmModule, s: HostState): LinkedModule {
  const host: Record<string, unknown> = { ...contextImports(s), ...utilImports(s), ...storageImports(s), ...promiseImports(s) };
  const ownMemory = compiledInfo(module).ownMemory;
  const env: Record<string, unknown> = {};
  const imports: Record<string, Record<string, unknown>> = { env };
  let memory: LinkedModule['memory'] = null;
  let linkError: HostError | null = null;
  for (const imp of wasm.Module.imports(module)) {
    if (ownMemory && imp.module === OWN_MEMORY_IMPORT.module && imp.name === OWN_MEMORY_IMPORT.name && imp.kind === 'memory') {
      imports[imp.module] = {};
      memory = { slot: imports[imp.module]!, name: imp.name, limits: ownMemory, spare: null };
    } else if (imp.module !== 'env') {
      linkError ??= new HostError({ CompilationError: { PrepareError: `import from module ${imp.module} is not allowed` } });
    } else if (imp.kind === 'memory') {
      memory = { slot: env, name: imp.name, limits: ENV_MEMORY, spare: null };
    } else if (imp.kind === 'function') {
      const f = host[imp.name];
      env[imp.name] =
        typeof f === 'function'
          ? f
          : () => {
              throw HostError.execution(`host function ${imp.name} is not implemented by the local chain`);
            };
    } else {
      linkError ??= new HostError({ CompilationError: { PrepareError: `import of ${imp.kind} ${imp.name} is not allowed` } });
    }
  }
  const functions = new Set(
    wasm.Module.exports(module)
      .filter((e) => e.kind === 'function')
      .map((e) => e.name),
  );
  return { functions, host: s, imports, memory, linkError, busy: false };
}
