/**
 * A bounded, expiring map for the expensive half of a TEE verification (a DCAP platform: PCK
 * chain, CRLs, QE; an SNP VCEK chain), keyed by a hash of the evidence it was computed from. A
 * worker's later attestations in the same session (same attestation key / VCEK) then cost one
 * signature check and the per-quote policy. Entries never outlive the earliest expiry of what
 * they were verified against, and the oldest entry goes first when full.
 */
export class TeeSessionCache<V> {
  readonly #entries = new Map<string, { value: V; expiresAt: number }>();
  constructor(readonly maxEntries = 1024) {}

  get(key: string, now: Date): V | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now.getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: V, expiresAt: Date): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: expiresAt.getTime() });
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  get size(): number {
    return this.#entries.size;
  }
}
