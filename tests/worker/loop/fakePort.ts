/**
 * A CoordinatorPort fake for the runner's tests (a mock of the coordinator, named so): it records
 * the calls the runner makes and answers the rest with nothing.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import type { ClaimTicket } from '../../../common/tickets/index.ts';
import type { Sha256Hex } from '../../../common/types/index.ts';
import type { ClaimedWork, CoordinatorPort } from '../../../worker/loop/CoordinatorPort.ts';

type Fail = { jobId: string; code: string; retryable: boolean };

export class FakePort implements CoordinatorPort {
  readonly fails: Fail[] = [];
  readonly completed: string[] = [];
  failError: Error | null = null;
  nextWork = async (_ms: number, signal: AbortSignal): Promise<ClaimedWork | null> =>
    new Promise((resolve) => {
      const t = setTimeout(() => resolve(null), 50);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(t);
          resolve(null);
        },
        { once: true },
      );
    });
  async heartbeat(): Promise<void> {}
  async completeCompile(): Promise<void> {}
  async completeExecute(jobId: string): Promise<void> {
    this.completed.push(jobId);
  }
  async fail(jobId: string, e: { code: string; message: string; retryable: boolean }): Promise<void> {
    this.fails.push({ jobId, code: e.code, retryable: e.retryable });
    if (this.failError) throw this.failError;
  }
  async appendLog(): Promise<void> {}
  readonly transcripts: { jobId: string; sha256: string; bytes: Uint8Array }[] = [];
  async uploadTranscript(jobId: string, sha256: string, bytes: Uint8Array): Promise<void> {
    this.transcripts.push({ jobId, sha256, bytes });
  }
  /** Tests that fetch secrets set a ticket; the keystore is faked with it. */
  ticket: ClaimTicket | null = null;
  async claimTicket(): Promise<ClaimTicket> {
    if (!this.ticket) throw new ErrandError('COMMON__UNFINISHED', 'no tickets in this fake', { feature: 'claimTicket' });
    return this.ticket;
  }
  async findModule(): Promise<Sha256Hex | null> {
    return null;
  }
  async downloadModule(): Promise<Uint8Array> {
    throw new ErrandError('COORDINATOR__WASM_NOT_FOUND', 'not here', {});
  }
  async uploadModule(): Promise<void> {}
  async acquireCompileLock(): Promise<null> {
    return null;
  }
  async extendCompileLock(): Promise<boolean> {
    return true;
  }
  async releaseCompileLock(): Promise<void> {}
}
