/** Lamports as SOL with 6 decimals, exact (no floating point). */
const LAMPORTS_PER_SOL = 1_000_000_000n;

export function formatSol(lamports: bigint | string): string {
  const v = BigInt(lamports);
  return `${v / LAMPORTS_PER_SOL}.${(v % LAMPORTS_PER_SOL).toString().padStart(9, '0').slice(0, 6)} SOL`;
}
