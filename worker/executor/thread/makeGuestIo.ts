/** Builds a run's GuestIo (stdio, clock, random) from the job, deterministic unless opted out. */
import { RealClock, VirtualClock } from '../determinism/HostClock.ts';
import { SeededRandom, SystemRandom } from '../determinism/HostRandom.ts';
import { CappedOutput } from '../wasi/CappedOutput.ts';
import { HostMeter } from '../wasi/HostMeter.ts';
import type { GuestIo } from '../wasi/GuestIo.ts';
import { StdinBuffer } from '../wasi/StdinBuffer.ts';
import type { GuestSetup } from './protocol.ts';

export function makeGuestIo(setup: GuestSetup, fuelUsedSoFar: () => bigint): GuestIo {
  return {
    args: setup.args,
    env: setup.env,
    stdin: new StdinBuffer(setup.input),
    stdout: new CappedOutput(setup.stdoutBuffer, setup.maxOutputBytes),
    stderr: new CappedOutput(setup.stderrBuffer, setup.maxOutputBytes),
    clock: setup.nondeterministic ? new RealClock() : new VirtualClock(setup.startRealtimeNs, fuelUsedSoFar),
    random: setup.nondeterministic ? new SystemRandom() : new SeededRandom(setup.seedKey),
    meter: new HostMeter(),
  };
}
