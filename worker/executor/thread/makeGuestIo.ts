/** Builds a run's GuestIo (stdio, clock, random) from the job, deterministic unless opted out. */
import { HttpBridgeClient } from '../http/bridge/HttpBridge.ts';
import { GuestHttp } from '../http/GuestHttp.ts';
import { RealClock, VirtualClock } from '../determinism/HostClock.ts';
import { SeededRandom, SystemRandom } from '../determinism/HostRandom.ts';
import { CappedOutput } from '../wasi/CappedOutput.ts';
import { HostMeter } from '../wasi/HostMeter.ts';
import { MemFs } from '../wasi/fs/MemFs.ts';
import type { GuestIo } from '../wasi/GuestIo.ts';
import { StdinBuffer } from '../wasi/StdinBuffer.ts';
import type { GuestSetup } from './protocol.ts';

export function makeGuestIo(setup: GuestSetup, fuelUsedSoFar: () => bigint): GuestIo {
  const clock = setup.nondeterministic ? new RealClock() : new VirtualClock(setup.startRealtimeNs, fuelUsedSoFar);
  const memfs = new MemFs(setup.fsCapBytes, clock);
  const preopens = setup.preopens.map((p) => {
    const root = memfs.mount(p.tree);
    // The Executor sized the cap from these trees: not fitting is a bug, not a guest's doing.
    if (!root) throw new RangeError(`preopen ${p.guestPath} does not fit the filesystem cap`);
    return { guestPath: p.guestPath, root };
  });
  const meter = new HostMeter();
  return {
    args: setup.args,
    env: setup.env,
    stdin: new StdinBuffer(setup.input),
    stdout: new CappedOutput(setup.stdoutBuffer, setup.maxOutputBytes),
    stderr: new CappedOutput(setup.stderrBuffer, setup.maxOutputBytes),
    clock,
    random: setup.nondeterministic ? new SystemRandom() : new SeededRandom(setup.seedKey),
    meter,
    fs: { memfs, preopens },
    http: new GuestHttp(setup.http ? new HttpBridgeClient(setup.http) : undefined, meter),
  };
}
