/**
 * What the job loop needs from the coordinator, and nothing more. The HTTP implementation is
 * HttpCoordinatorPort (over coordinator/client); keeping the loop on this narrow port lets it be
 * read, tested and reasoned about without the wire format.
 */
import type { ClaimTicket } from '../../common/tickets/index.ts';
import type { ExecutionRequest, ExecutionResponse, Sha256Hex } from '../../common/types/index.ts';

export type JobType = 'compile' | 'execute';

export interface ClaimedJob {
  id: string;
  type: JobType;
}

export interface ClaimedWork {
  request: ExecutionRequest;
  /** `[execute]` when the module is cached, else `[compile, execute]`, in that order. */
  jobs: ClaimedJob[];
  /** The cached module for the request's pinned source, when the claim found one. */
  moduleSha256?: Sha256Hex;
}

export interface CompileLock {
  key: string;
  /** The coordinator's random token for this holding: only it extends or releases the lock. */
  token: string;
}

export interface CoordinatorPort {
  /** Long-polls for work: the claimed jobs of the next request, or null when `waitMs` passes. */
  nextWork(waitMs: number, signal: AbortSignal): Promise<ClaimedWork | null>;
  heartbeat(jobId: string, signal: AbortSignal): Promise<void>;
  /** The coordinator-signed ticket proving this worker holds the execute job (for the keystore). */
  claimTicket(executeJobId: string, signal: AbortSignal): Promise<ClaimTicket>;
  completeCompile(jobId: string, result: { sha256: Sha256Hex; commit: string; buildMs: number }, signal: AbortSignal): Promise<void>;
  completeExecute(jobId: string, response: ExecutionResponse, signal: AbortSignal): Promise<void>;
  /** Stores the HTTP transcript of the execute job this worker holds: `bytes` are exactly what
   * `sha256` (the hash resolved on-chain) is taken over. */
  uploadTranscript(jobId: string, sha256: string, bytes: Uint8Array, signal: AbortSignal): Promise<void>;
  /** Gives a job back (retryable), or fails its request for good: the coordinator then resolves it
   * on-chain with the error (a build that cannot succeed). A program that traps is not a failure:
   * it is a completed execute whose response says success=false. */
  fail(jobId: string, error: { code: string; message: string; retryable: boolean }, signal: AbortSignal): Promise<void>;
  appendLog(jobId: string, text: string, signal: AbortSignal): Promise<void>;
  findModule(sourceKey: string, signal: AbortSignal): Promise<Sha256Hex | null>;
  downloadModule(sha256: Sha256Hex, signal: AbortSignal): Promise<Uint8Array>;
  uploadModule(bytes: Uint8Array, sha256: Sha256Hex, sourceKey: string, signal: AbortSignal): Promise<void>;
  /** An owned, expiring lock: null when another worker holds it. */
  acquireCompileLock(key: string, ttlMs: number, signal: AbortSignal): Promise<CompileLock | null>;
  extendCompileLock(lock: CompileLock, ttlMs: number, signal: AbortSignal): Promise<boolean>;
  releaseCompileLock(lock: CompileLock, signal: AbortSignal): Promise<void>;
  /** Records this worker's capabilities (what it can build) with the coordinator; optional for test ports. */
  advertise?(capabilities: Record<string, unknown>, signal: AbortSignal): Promise<void>;
}
