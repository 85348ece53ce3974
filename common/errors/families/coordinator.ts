/** Codes of the coordinator: ledger, jobs, leases, WASM cache, HTTP auth. Stable: add new codes, never rename or reuse one. */
export interface CoordinatorErrors {
  /** The request does not exist in the ledger. */
  COORDINATOR__REQUEST_NOT_FOUND: { id: string };
  /** The job does not exist. */
  COORDINATOR__JOB_NOT_FOUND: { jobId: string };
  /** The specific request asked for is not queued (claimed by someone else, done or failed). */
  COORDINATOR__REQUEST_NOT_CLAIMABLE: { id: string; status: string };
  /** Fencing: the caller does not hold a valid lease on this job (taken over, expired or finished). */
  COORDINATOR__LEASE_LOST: { jobId: string; workerId: string };
  /** The job cannot move that way (e.g. execute completed before its compile). */
  COORDINATOR__JOB_STATE_INVALID: { jobId: string; reason: string };
  /** Upload: the bytes do not hash to the sha256 in the path. */
  COORDINATOR__WASM_HASH_MISMATCH: { expected: string; actual: string };
  /** Upload: the bytes are not a WebAssembly binary (magic `\0asm` missing). */
  COORDINATOR__WASM_INVALID: { reason: string };
  /** Upload: the module is larger than the configured limit. */
  COORDINATOR__WASM_TOO_LARGE: { bytes: number; limitBytes: number };
  /** The module is not in the cache (never uploaded, or evicted). */
  COORDINATOR__WASM_NOT_FOUND: { sha256?: string; sourceKey?: string };
  /** An HTTP transcript upload is over the coordinator's limit. */
  COORDINATOR__TRANSCRIPT_TOO_LARGE: { bytes: number; limitBytes: number };
  /** No HTTP transcript was kept for this request (it made no HTTP exchange, or its worker sent none). */
  COORDINATOR__TRANSCRIPT_NOT_FOUND: { id: string };
  /** The uploaded transcript's sha256 is not the one the worker declared. */
  COORDINATOR__TRANSCRIPT_MISMATCH: { declared: string; actual: string };
  /** A compile lock is held by another owner. */
  COORDINATOR__LOCK_HELD: { key: string };
  /** Release/extend of a lock the caller does not own (expired or someone else's). */
  COORDINATOR__LOCK_NOT_OWNED: { key: string };
  /** Missing or unknown bearer token. */
  COORDINATOR__UNAUTHENTICATED: { reason: string };
  /** Authenticated, but the endpoint needs the admin token. */
  COORDINATOR__FORBIDDEN: { reason: string };
  /** Too many calls from this token or address. */
  COORDINATOR__RATE_LIMITED: { retryAfterMs: number };
  /** A worker id that is already registered. */
  COORDINATOR__WORKER_EXISTS: { workerId: string };
  /** The keystore behind the public-key proxy is not configured or did not answer. */
  COORDINATOR__KEYSTORE_UNAVAILABLE: { reason: string };
  /** A migration file failed to apply (other than "already applied by another instance"). */
  COORDINATOR__MIGRATION_FAILED: { id: string; reason: string };
  /** A job's lease ran out before it was completed (the sweeper returned it). Reported on-chain as the error of a failed request. */
  COORDINATOR__LEASE_EXPIRED: { jobId?: string; workerId?: string };
  /** A request failed for good (attempts exhausted or a permanent job error); resolved on-chain with this code. */
  COORDINATOR__REQUEST_FAILED: { id: string; attempts: number; lastError: string | null };
  /** The coordinator will not run this chain request (a malformed event, a missing stored input, a
   * source scheme not allowed here): recorded as failed and resolved on-chain with this code, so
   * the requester gets the deposit back but the base fee. */
  COORDINATOR__REQUEST_REJECTED: { reason: string; requestId?: string };
  /** The request's source is refused here: `file://` (a repository or module on the worker host's
   * own disk) outside development mode. The request is rejected and resolved on-chain as failed. */
  COORDINATOR__SOURCE_NOT_ALLOWED: { scheme: string };
  /** The coordinator answered with something the client could not understand. */
  COORDINATOR__BAD_RESPONSE: { status: number; reason: string };
  /** The blob store gave back bytes that do not hash to their name (a damaged row or file): the
   * module is not served; the worker compiles again. */
  COORDINATOR__BLOB_CORRUPT: { sha256: string; actual: string; store: string };
  /** This coordinator no longer leads a chain watcher (another one took the lease over): its
   * batch and cursor were not written. The watcher stops until it leads again. */
  COORDINATOR__WATCHER_LEASE_LOST: { watcher: string; holder: string; epoch: string };
}

export const coordinatorHttpStatus: { [K in keyof CoordinatorErrors]: number } = {
  COORDINATOR__REQUEST_NOT_FOUND: 404,
  COORDINATOR__REQUEST_REJECTED: 422,
  COORDINATOR__SOURCE_NOT_ALLOWED: 422,
  COORDINATOR__JOB_NOT_FOUND: 404,
  COORDINATOR__REQUEST_NOT_CLAIMABLE: 409,
  COORDINATOR__LEASE_LOST: 409,
  COORDINATOR__JOB_STATE_INVALID: 409,
  COORDINATOR__WASM_HASH_MISMATCH: 422,
  COORDINATOR__WASM_INVALID: 422,
  COORDINATOR__WASM_TOO_LARGE: 413,
  COORDINATOR__WASM_NOT_FOUND: 404,
  COORDINATOR__TRANSCRIPT_TOO_LARGE: 413,
  COORDINATOR__TRANSCRIPT_NOT_FOUND: 404,
  COORDINATOR__TRANSCRIPT_MISMATCH: 422,
  COORDINATOR__LOCK_HELD: 409,
  COORDINATOR__LOCK_NOT_OWNED: 409,
  COORDINATOR__UNAUTHENTICATED: 401,
  COORDINATOR__FORBIDDEN: 403,
  COORDINATOR__RATE_LIMITED: 429,
  COORDINATOR__WORKER_EXISTS: 409,
  COORDINATOR__KEYSTORE_UNAVAILABLE: 502,
  COORDINATOR__MIGRATION_FAILED: 500,
  COORDINATOR__LEASE_EXPIRED: 409,
  COORDINATOR__REQUEST_FAILED: 409,
  COORDINATOR__BAD_RESPONSE: 502,
  COORDINATOR__BLOB_CORRUPT: 500,
  COORDINATOR__WATCHER_LEASE_LOST: 409,
};
