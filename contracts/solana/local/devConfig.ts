/** The configuration the local Solana initializes the program with (lamports and slots). */
import type { PublicKey } from '@solana/web3.js';
import type { ConfigArgs } from '../client/types.ts';

export function devConfig(owner: PublicKey): ConfigArgs {
  return {
    owner,
    pricing: { baseFee: 100_000n, perMillionInstructions: 10n, perMs: 1_000n, perCompileMs: 100n, perHttpRequest: 100_000n, perHttpKib: 1_000n },
    maxLimits: { maxInstructions: 100_000_000_000n, maxMemoryMb: 512n, maxExecutionMs: 60_000n, maxCompileMs: 300_000n },
    minStake: 1_000_000_000n,
    unbondingPeriodSlots: 1_000n,
    timeoutSlots: 750n,
    protocolFeeBps: 0,
    maxInputBytes: 800,
    maxOutputBytes: 600,
  };
}
