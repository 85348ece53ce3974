/**
 * Hands out strictly increasing nonces for one access key, so concurrent transactions from the
 * same key never reuse a nonce. The first use (and every reset after InvalidNonce) reads the key's
 * nonce from the chain; later ones count up locally.
 */
export class NonceManager {
  private next: bigint | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly fetchChainNonce: (signal?: AbortSignal) => Promise<bigint>) {}

  /** The next nonce to use. Calls are serialised so two callers never get the same value. */
  take(signal?: AbortSignal): Promise<bigint> {
    const result = this.chain.then(async () => {
      if (this.next === null) this.next = (await this.fetchChainNonce(signal)) + 1n;
      const n = this.next;
      this.next += 1n;
      return n;
    });
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Forget the local counter: the next take() rereads the chain (after InvalidNonce). */
  reset(): void {
    this.next = null;
  }
}
