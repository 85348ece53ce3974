/**
 * Messages between the Executor (main thread) and a pool thread. Everything here must survive
 * structured clone: WebAssembly.Module, Uint8Array and bigint do.
 */
import type { ExecutionResult } from '../../../common/types/execution.ts';
import type { HttpBridgeEnds } from '../http/bridge/HttpBridge.ts';
import type { Preopen } from '../wasi/fs/FsTree.ts';

export interface GuestSetup {
  input: Uint8Array;
  args: string[];
  env: [string, string][];
  /** 32-byte key of the deterministic random stream. */
  seedKey: Uint8Array;
  startRealtimeNs: bigint;
  nondeterministic: boolean;
  maxOutputBytes: number;
  /** Capture buffers of stdout and stderr (wasi/CappedOutput.ts), readable by the Executor after a timeout. */
  stdoutBuffer: SharedArrayBuffer;
  stderrBuffer: SharedArrayBuffer;
  /** Directories of the in-memory filesystem (preview 1 only) and the cap of all their bytes. */
  preopens: Preopen[];
  fsCapBytes: number;
  /** The run thread's end of the HTTP bridge, when the run has an http capability. */
  http?: HttpBridgeEnds;
}

export interface MeteringSetup {
  /** False only for the unmetered benchmark baseline. */
  metered: boolean;
  fuel: number;
  memoryMb: number;
}

export interface ModuleJob extends GuestSetup, MeteringSetup {
  kind: 'module';
  id: number;
  module: WebAssembly.Module;
}

export interface ComponentJob extends GuestSetup, MeteringSetup {
  kind: 'component';
  id: number;
  /** Cache key of the transpiled component inside the thread (sha256 + limits). */
  key: string;
  /** jco's generated ES module source (instantiation mode 'async'). */
  jsSource: string;
  /** Core modules by the file name jco gave them, already instrumented and compiled. */
  coreModules: Record<string, WebAssembly.Module>;
}

export type ThreadJob = ModuleJob | ComponentJob;

export interface ThreadReply {
  id: number;
  result: ExecutionResult;
}
