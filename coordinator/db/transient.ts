/**
 * Retry on named transient errors only (serialization failure 40001, deadlock 40P01, cannot connect
 * now 57P03), with jittered exponential backoff: RETRY_POLICIES.dbTransient. Everything else fails
 * loudly at once.
 */
import { retry } from '../../common/retry.ts';
import { RETRY_POLICIES } from '../../common/retryPolicies.ts';

export function retryTransient<T>(fn: () => Promise<T>): Promise<T> {
  return retry(fn, RETRY_POLICIES.dbTransient);
}
