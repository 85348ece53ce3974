/**
 * Typed HTTP client of the coordinator's /v1 API, for workers (and admin tooling). Every call takes
 * an optional AbortSignal and has a timeout; failures are ErrandErrors with the server's code
 * (e.g. 409 COORDINATOR__LEASE_LOST, 404 COORDINATOR__WASM_NOT_FOUND), or COMMON__UNAVAILABLE /
 * COMMON__TIMEOUT / COMMON__ABORTED for transport problems.
 *
 * Calls go over the client's own HttpClient (keep-alive sockets, shared with its withToken copies).
 * Idle sockets never keep the process alive; close() drops them.
 *
 * Not promised: retries. The caller decides what is worth retrying (e.g. COMMON__UNAVAILABLE).
 */
import type { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';
import type { BuildTarget, ExecutionRequest, Sha256Hex } from '../../common/types/index.ts';
import type { ClaimTicket } from '../../common/tickets/index.ts';
import { HttpClient, type HttpAnswer } from '../../common/http/HttpClient.ts';
import {
  appendLogAnswer,
  bySourceAnswer,
  claimAnswer,
  claimsAnswer,
  completeCompileAnswer,
  completeExecuteAnswer,
  createRequestAnswer,
  eventsAnswer,
  extendLockAnswer,
  failAnswer,
  healthAnswer,
  jobHeartbeatAnswer,
  jobsAnswer,
  keystorePublicKeyAnswer,
  lockAnswer,
  registerWorkerAnswer,
  releaseLockAnswer,
  requestAnswer,
  requestsAnswer,
  ticketAnswer,
  uploadTranscriptAnswer,
  uploadWasmAnswer,
  workerHeartbeatAnswer,
  type Claim,
  type CompileCompletion,
  type ExecuteCompletion,
  type FailOutcome,
  type HealthAnswer,
  type JobFailure,
  type JobRecord,
  type LedgerEvent,
  type ListRequestsFilter,
  type LockAnswer,
  type LogEntry,
  type LogStream,
  type RegisterWorkerBody,
  type RequestRecord,
  type WorkerRecord,
} from '../api/index.ts';
import { httpCall, type CallOptions, type RawCall } from './httpCall.ts';
import { readAnswer } from './readAnswer.ts';
import { readLogFrames } from './sse.ts';
import { CoordinatorEndpoints } from './CoordinatorEndpoints.ts';

export interface CoordinatorClientOptions {
  /** The coordinator's base URL, or several separated by commas (CoordinatorEndpoints.ts). */
  baseUrl: string;
  /** Shared by withToken copies; made from baseUrl when absent. */
  endpoints?: CoordinatorEndpoints;
  /** A worker's bearer token, or the admin token for admin calls. */
  token?: string;
  /** Default per-call timeout (long-polls add their own wait to it). */
  timeoutMs?: number;
}

/** A claim call's options: with `buildTargets`, only requests this worker can build (or needing no build). */
export type ClaimOptions = CallOptions & { buildTargets?: readonly BuildTarget[] };

export class CoordinatorClient {
  private readonly endpoints: CoordinatorEndpoints;
  private readonly timeoutMs: number;
  private readonly http: HttpClient;

  constructor(
    private readonly opts: CoordinatorClientOptions,
    shared?: HttpClient,
  ) {
    this.endpoints = opts.endpoints ?? CoordinatorEndpoints.parse(opts.baseUrl);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.http = shared ?? new HttpClient();
  }

  /** The same client with another token (e.g. admin -> a freshly registered worker), on the same sockets. */
  withToken(token: string): CoordinatorClient {
    return new CoordinatorClient({ ...this.opts, token, endpoints: this.endpoints }, this.http);
  }

  /** Closes the pooled sockets (also those of withToken copies); a later call opens new ones. */
  close(): void {
    this.http.close();
  }

  private raw(call: RawCall, o: CallOptions = {}): Promise<HttpAnswer> {
    return this.endpoints.run((baseUrl) => httpCall(this.http, baseUrl, this.opts.token, call, { signal: o.signal, timeoutMs: o.timeoutMs ?? this.timeoutMs }));
  }

  /** Sends the call and parses its answer with `schema` (COORDINATOR__BAD_RESPONSE when it does not fit). */
  private async json<S extends z.ZodType>(call: RawCall, schema: S, o?: CallOptions): Promise<z.infer<S>> {
    return readAnswer(await this.raw(call, o), schema, `${call.method} ${call.path.split('?')[0]}`);
  }

  // --- health -------------------------------------------------------------------------------
  health(o?: CallOptions): Promise<HealthAnswer> {
    return this.json({ method: 'GET', path: '/health' }, healthAnswer, o);
  }

  // --- workers ------------------------------------------------------------------------------
  /** Admin: registers a worker; the token is returned once and only its hash is stored. */
  registerWorker(body: RegisterWorkerBody = {}, o?: CallOptions): Promise<{ workerId: string; token: string }> {
    return this.json({ method: 'POST', path: '/v1/workers', json: body }, registerWorkerAnswer, o);
  }

  async workerHeartbeat(capabilities?: Record<string, unknown>, o?: CallOptions): Promise<WorkerRecord> {
    return (await this.json({ method: 'POST', path: '/v1/workers/heartbeat', json: { capabilities } }, workerHeartbeatAnswer, o)).worker;
  }

  // --- requests -----------------------------------------------------------------------------
  /** Admin: records a request (idempotent on chain + contract + request id). */
  createRequest(req: ExecutionRequest, o?: CallOptions): Promise<{ request: RequestRecord; created: boolean }> {
    return this.json({ method: 'POST', path: '/v1/requests', json: req }, createRequestAnswer, o);
  }

  async getRequest(id: string, o?: CallOptions): Promise<RequestRecord> {
    return (await this.json({ method: 'GET', path: `/v1/requests/${encodeURIComponent(id)}` }, requestAnswer, o)).request;
  }

  async listRequests(filter: ListRequestsFilter = {}, o?: CallOptions): Promise<RequestRecord[]> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) qs.set(k, String(v));
    const path = `/v1/requests${qs.size ? `?${qs}` : ''}`;
    return (await this.json({ method: 'GET', path }, requestsAnswer, o)).requests;
  }

  async requestEvents(id: string, o?: CallOptions): Promise<LedgerEvent[]> {
    return (await this.json({ method: 'GET', path: `/v1/requests/${encodeURIComponent(id)}/events` }, eventsAnswer, o)).events;
  }

  /** The jobs of one request (compile, then execute): ids for `streamLogs`, status, attempts. */
  async requestJobs(id: string, o?: CallOptions): Promise<JobRecord[]> {
    return (await this.json({ method: 'GET', path: `/v1/requests/${encodeURIComponent(id)}/jobs` }, jobsAnswer, o)).jobs;
  }

  // --- claiming -----------------------------------------------------------------------------
  /** Long-poll: resolves with a claim as soon as work is claimed for this worker, or null after waitMs. */
  async poll(waitMs: number, o?: ClaimOptions): Promise<Claim | null> {
    const timeoutMs = (o?.timeoutMs ?? this.timeoutMs) + waitMs;
    const json = { timeoutMs: waitMs, ...(o?.buildTargets && { buildTargets: o.buildTargets }) };
    return (await this.json({ method: 'POST', path: '/v1/poll', json }, claimAnswer, { ...o, timeoutMs })).claim;
  }

  /** Claims now: the oldest queued request, or `requestId` (409 COORDINATOR__REQUEST_NOT_CLAIMABLE if taken). */
  async claim(requestId?: string, o?: ClaimOptions): Promise<Claim | null> {
    const json = { ...(requestId && { requestId }), ...(o?.buildTargets && { buildTargets: o.buildTargets }) };
    return (await this.json({ method: 'POST', path: '/v1/claims', json }, claimAnswer, o)).claim;
  }

  /** Claims up to `max` queued requests at once (the coordinator caps it at CLAIM_BATCH_MAX), oldest first; [] when none. */
  async claimMany(max: number, o?: ClaimOptions): Promise<Claim[]> {
    const json = { max, ...(o?.buildTargets && { buildTargets: o.buildTargets }) };
    return (await this.json({ method: 'POST', path: '/v1/claims', json }, claimsAnswer, o)).claims;
  }

  // --- jobs ---------------------------------------------------------------------------------
  heartbeatJob(jobId: string, o?: CallOptions): Promise<{ leaseUntil: string }> {
    return this.json({ method: 'POST', path: `/v1/jobs/${encodeURIComponent(jobId)}/heartbeat` }, jobHeartbeatAnswer, o);
  }

  completeCompile(jobId: string, c: CompileCompletion, o?: CallOptions): Promise<{ ok: true; sourceKey: string | null; trusted: boolean }> {
    return this.json({ method: 'POST', path: `/v1/jobs/${encodeURIComponent(jobId)}/complete`, json: { type: 'compile', ...c } }, completeCompileAnswer, o);
  }

  completeExecute(jobId: string, c: ExecuteCompletion, o?: CallOptions): Promise<{ ok: true }> {
    return this.json({ method: 'POST', path: `/v1/jobs/${encodeURIComponent(jobId)}/complete`, json: { type: 'execute', ...c } }, completeExecuteAnswer, o);
  }

  /** A claim ticket for the execute job this worker holds (handed to the keystore with the attestation). */
  async claimTicket(jobId: string, o?: CallOptions): Promise<ClaimTicket> {
    return (await this.json({ method: 'POST', path: `/v1/jobs/${encodeURIComponent(jobId)}/ticket`, json: {} }, ticketAnswer, o)).ticket;
  }

  failJob(jobId: string, f: JobFailure, o?: CallOptions): Promise<FailOutcome> {
    return this.json({ method: 'POST', path: `/v1/jobs/${encodeURIComponent(jobId)}/fail`, json: f }, failAnswer, o);
  }

  appendLog(jobId: string, stream: LogStream, chunk: string, o?: CallOptions): Promise<{ accepted: boolean }> {
    return this.json({ method: 'POST', path: `/v1/jobs/${encodeURIComponent(jobId)}/logs`, json: { stream, chunk } }, appendLogAnswer, o);
  }

  /**
   * Reads a job's log as Server-Sent Events. With follow, keeps yielding until the job is no longer
   * running (or the signal aborts / timeoutMs passes). `after` resumes after a log entry id.
   */
  async *streamLogs(jobId: string, opts: { follow?: boolean; after?: number } & CallOptions = {}): AsyncGenerator<LogEntry> {
    const qs = new URLSearchParams({ follow: String(opts.follow ?? false), after: String(opts.after ?? 0) });
    const res = await this.raw({ method: 'GET', path: `/v1/jobs/${encodeURIComponent(jobId)}/logs?${qs}`, headers: { accept: 'text/event-stream' } }, opts);
    if (!res.body) throw new ErrandError('COORDINATOR__BAD_RESPONSE', 'log stream without a body', { status: res.status, reason: 'no body' });
    yield* readLogFrames(res.body, res.status);
  }

  // --- WASM cache ---------------------------------------------------------------------------
  uploadWasm(sha256: string, bytes: Uint8Array, o?: CallOptions): Promise<{ sha256: Sha256Hex; bytes: number; created: boolean }> {
    return this.json({ method: 'PUT', path: `/v1/wasm/${encodeURIComponent(sha256)}`, body: bytes, contentType: 'application/wasm' }, uploadWasmAnswer, o);
  }

  /** Stores the HTTP transcript of the execute job this worker holds: the exact bytes whose sha256 goes on-chain. */
  uploadTranscript(jobId: string, sha256: string, bytes: Uint8Array, o?: CallOptions): Promise<{ sha256: string; bytes: number }> {
    const path = `/v1/jobs/${encodeURIComponent(jobId)}/transcript`;
    return this.json(
      { method: 'PUT', path, body: bytes, contentType: 'application/json', headers: { 'x-errand-transcript-sha256': sha256 } },
      uploadTranscriptAnswer,
      o,
    );
  }

  /** A request's HTTP transcript as the coordinator keeps it (404 COORDINATOR__TRANSCRIPT_NOT_FOUND without one). */
  async requestTranscript(requestId: string, o?: CallOptions): Promise<Uint8Array> {
    const res = await this.raw({ method: 'GET', path: `/v1/requests/${encodeURIComponent(requestId)}/transcript` }, o);
    return new Uint8Array(await res.arrayBuffer());
  }

  async downloadWasm(sha256: string, o?: CallOptions): Promise<Uint8Array> {
    const res = await this.raw({ method: 'GET', path: `/v1/wasm/${encodeURIComponent(sha256)}` }, o);
    return new Uint8Array(await res.arrayBuffer());
  }

  /** true when the module is cached (HEAD). */
  async wasmExists(sha256: string, o?: CallOptions): Promise<boolean> {
    try {
      await this.raw({ method: 'HEAD', path: `/v1/wasm/${encodeURIComponent(sha256)}` }, o);
      return true;
    } catch (e) {
      if (e instanceof ErrandError && e.code === 'COORDINATOR__BAD_RESPONSE' && (e.context as { status: number }).status === 404) return false;
      throw e;
    }
  }

  /** The module of a pinned source key this worker may run (trusted, else its own build); 404 COORDINATOR__WASM_NOT_FOUND when none. */
  wasmBySource(sourceKey: string, o?: CallOptions): Promise<{ sha256: Sha256Hex; bytes: number; trusted: boolean }> {
    return this.json({ method: 'GET', path: `/v1/wasm/by-source?key=${encodeURIComponent(sourceKey)}` }, bySourceAnswer, o);
  }

  // --- compile locks ------------------------------------------------------------------------
  acquireLock(key: string, ttlMs: number, o?: CallOptions): Promise<LockAnswer> {
    return this.json({ method: 'POST', path: '/v1/locks/acquire', json: { key, ttlMs } }, lockAnswer, o);
  }

  /** `token`: the one acquireLock returned; 409 COORDINATOR__LOCK_NOT_OWNED for any other. */
  extendLock(key: string, token: string, ttlMs: number, o?: CallOptions): Promise<{ extended: true; key: string; expiresAt: string }> {
    return this.json({ method: 'POST', path: '/v1/locks/extend', json: { key, token, ttlMs } }, extendLockAnswer, o);
  }

  releaseLock(key: string, token: string, o?: CallOptions): Promise<{ released: true; key: string }> {
    return this.json({ method: 'POST', path: '/v1/locks/release', json: { key, token } }, releaseLockAnswer, o);
  }

  // --- keystore proxy -----------------------------------------------------------------------
  /** The keystore's public key for a scope (query forwarded as given, e.g. {chain, owner, repo, branch}). */
  keystorePublicKey(query: Record<string, string>, o?: CallOptions): Promise<z.infer<typeof keystorePublicKeyAnswer>> {
    return this.json({ method: 'GET', path: `/v1/keystore/pubkey?${new URLSearchParams(query)}` }, keystorePublicKeyAnswer, o);
  }
}
