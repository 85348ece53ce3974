/**
 * Retry on named transient errors only (serialization failure 40001, deadlock 40P01, cannot connect
 * now 57P03), with jittered exponential backoff. Everything else fails loudly at once.
 */
import { pgErrorCode } from './Db.ts';

const TRANSIENT = new Set(['40001', '40P01', '57P03']);

export function isTransientDbError(e: unknown): boolean {
  const code = pgErrorCode(e);
  return code !== undefined && TRANSIENT.has(code);
}

export async function retryTransient<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isTransientDbError(e)) throw e;
      const backoff = 10 * 2 ** i;
      await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * backoff));
    }
  }
}
