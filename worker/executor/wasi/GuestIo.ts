/**
 * Everything a run's guest can observe or produce besides its memory, shared by the preview 1
 * and preview 2 hosts: args, env, stdin, capped stdout/stderr, the clock and the random stream.
 */
import type { GuestHttp } from '../http/GuestHttp.ts';
import type { HostClock } from '../determinism/HostClock.ts';
import type { HostRandom } from '../determinism/HostRandom.ts';
import type { CappedOutput } from './CappedOutput.ts';
import type { HostMeter } from './HostMeter.ts';
import type { DirNode, MemFs } from './fs/MemFs.ts';
import type { StdinBuffer } from './StdinBuffer.ts';

export interface GuestIo {
  /** argv, argv[0] being the program's name. */
  args: string[];
  env: [string, string][];
  stdin: StdinBuffer;
  stdout: CappedOutput;
  stderr: CappedOutput;
  clock: HostClock;
  random: HostRandom;
  /** Charges host calls against the run's fuel (instrument/costModel.ts). */
  meter: HostMeter;
  /** The in-memory filesystem and its preopened directories (none unless the run asked). */
  fs: { memfs: MemFs; preopens: { guestPath: string; root: DirNode }[] };
  /** Outbound HTTP through the worker (every exchange refused when the run has no capability). */
  http: GuestHttp;
}
