/**
 * Token-bucket rate limiting behind one interface: in this process (one coordinator, no Redis) or
 * in Redis (several coordinators: the configured rate holds for the whole deployment). `take`
 * takes one token from every bucket named, or none when any is empty.
 */
export interface Bucket {
  key: string;
  ratePerS: number;
  burst: number;
}

export interface RateLimiter {
  readonly kind: 'redis' | 'in-process';
  /** 0 when allowed (a token taken from each bucket), else milliseconds until it would be. */
  take(buckets: Bucket[]): Promise<number>;
}

/** In-memory buckets; idle ones are forgotten. O(1) per call: only a new key allocates. */
export class LocalRateLimiter implements RateLimiter {
  readonly kind = 'in-process' as const;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  async take(buckets: Bucket[]): Promise<number> {
    return this.takeNow(buckets, Date.now());
  }

  takeNow(buckets: Bucket[], now: number): number {
    let wait = 0;
    const states = buckets.map((b) => {
      let s = this.buckets.get(b.key);
      if (s) {
        s.tokens = Math.min(b.burst, s.tokens + ((now - s.at) / 1000) * b.ratePerS);
        s.at = now;
      } else {
        if (this.buckets.size >= 50_000) this.buckets.clear();
        s = { tokens: b.burst, at: now };
        this.buckets.set(b.key, s);
      }
      if (s.tokens < 1) wait = Math.max(wait, Math.ceil(((1 - s.tokens) / b.ratePerS) * 1000));
      return s;
    });
    if (wait === 0) for (const s of states) s.tokens -= 1;
    return wait;
  }
}
