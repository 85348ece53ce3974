/**
 * The job loop's CoordinatorPort over the coordinator's HTTP API (coordinator/client). Translates
 * the wire shapes and the "not found" answers the loop treats as plain values.
 */
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import type { Claim } from '../../coordinator/api/index.ts';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { toStorableText } from '../../common/text/wellFormed.ts';
import type { BuildTarget, ExecutionResponse, Sha256Hex } from '../../common/types/index.ts';
import type { ClaimTicket } from '../../common/tickets/index.ts';
import type { ClaimedWork, CompileLock, CoordinatorPort } from './CoordinatorPort.ts';

function toWork(claim: Claim): ClaimedWork {
  const { request, jobs, wasmSha256 } = claim;
  return {
    request,
    jobs: jobs.map((j) => ({ id: j.id, type: j.type })),
    moduleSha256: wasmSha256 ?? undefined,
  };
}

export class HttpCoordinatorPort implements CoordinatorPort {
  /**
   * `buildTargets`: what this worker's builder compiles for, sent with every poll so the
   * coordinator hands it no compile it cannot do; absent, it is offered every request.
   */
  constructor(
    private readonly client: CoordinatorClient,
    private readonly options: { buildTargets?: readonly BuildTarget[] } = {},
  ) {}

  async nextWork(waitMs: number, signal: AbortSignal): Promise<ClaimedWork | null> {
    const claim = await this.client.poll(waitMs, { signal, buildTargets: this.options.buildTargets });
    return claim ? toWork(claim) : null;
  }

  async advertise(capabilities: Record<string, unknown>, signal: AbortSignal): Promise<void> {
    await this.client.workerHeartbeat(capabilities, { signal });
  }

  async heartbeat(jobId: string, signal: AbortSignal): Promise<void> {
    await this.client.heartbeatJob(jobId, { signal });
  }

  async completeCompile(jobId: string, r: { sha256: Sha256Hex; commit: string; buildMs: number }, signal: AbortSignal): Promise<void> {
    await this.client.completeCompile(jobId, { wasmSha256: r.sha256, pinnedCommit: r.commit || undefined, compileTimeMs: r.buildMs }, { signal });
  }

  async completeExecute(jobId: string, response: ExecutionResponse, signal: AbortSignal): Promise<void> {
    await this.client.completeExecute(jobId, { response }, { signal });
  }

  async uploadTranscript(jobId: string, sha256: string, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
    await this.client.uploadTranscript(jobId, sha256, bytes, { signal, timeoutMs: 60_000 });
  }

  async fail(jobId: string, e: { code: string; message: string; retryable: boolean }, signal: AbortSignal): Promise<void> {
    // The coordinator stores these as text, which holds no NUL (a 400 would lose the report).
    const error = { code: toStorableText(e.code), message: toStorableText(e.message) };
    await this.client.failJob(jobId, { error, retryable: e.retryable }, { signal });
  }

  async appendLog(jobId: string, text: string, signal: AbortSignal): Promise<void> {
    await this.client.appendLog(jobId, 'build', toStorableText(text), { signal });
  }

  claimTicket(executeJobId: string, signal: AbortSignal): Promise<ClaimTicket> {
    return this.client.claimTicket(executeJobId, { signal });
  }

  async findModule(sourceKey: string, signal: AbortSignal): Promise<Sha256Hex | null> {
    try {
      return (await this.client.wasmBySource(sourceKey, { signal })).sha256;
    } catch (e) {
      if (isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND')) return null;
      throw e;
    }
  }

  downloadModule(sha256: Sha256Hex, signal: AbortSignal): Promise<Uint8Array> {
    return this.client.downloadWasm(sha256, { signal });
  }

  async uploadModule(bytes: Uint8Array, sha256: Sha256Hex, _sourceKey: string, signal: AbortSignal): Promise<void> {
    // The coordinator indexes the module under the source key when the compile job completes.
    await this.client.uploadWasm(sha256, bytes, { signal, timeoutMs: 60_000 });
  }

  async acquireCompileLock(key: string, ttlMs: number, signal: AbortSignal): Promise<CompileLock | null> {
    const answer = await this.client.acquireLock(key, ttlMs, { signal });
    if (!answer.acquired) return null;
    if (!answer.token)
      throw new ErrandError('COORDINATOR__BAD_RESPONSE', 'the coordinator acquired a lock but sent no token', { status: 200, reason: 'no lock token' });
    return { key, token: answer.token };
  }

  async extendCompileLock(lock: CompileLock, ttlMs: number, signal: AbortSignal): Promise<boolean> {
    try {
      await this.client.extendLock(lock.key, lock.token, ttlMs, { signal });
      return true;
    } catch (e) {
      if (isErrandError(e, 'COORDINATOR__LOCK_NOT_OWNED')) return false;
      throw e;
    }
  }

  async releaseCompileLock(lock: CompileLock, signal: AbortSignal): Promise<void> {
    await this.client.releaseLock(lock.key, lock.token, { signal });
  }
}
