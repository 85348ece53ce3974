/**
 * Carries one claim through: compile if needed (once across workers), secrets, execute with the
 * request's limits, resolve on-chain, complete. Outcomes:
 * - the program ran (whatever its status) or its secrets were denied: the worker resolves the
 *   request on-chain with that response and completes the execute job;
 * - the source cannot be built: the compile job fails for good and the coordinator resolves the
 *   request with the error (a compile job cannot complete without a module);
 * - a transient failure (coordinator or chain unreachable, lease lost, stopping): the jobs are
 *   handed back and run again; resolution is idempotent, so a retry never pays twice;
 * - any other failure is permanent (isTransient): reported once, not retryable, so the coordinator
 *   fails the request at once and resolves it on-chain with the error instead of re-running it
 *   until its attempts run out. A report that cannot be delivered is logged; the lease then
 *   expires and the sweeper returns the jobs.
 */
import { ErrandError, toErrandError } from '../../common/errors/index.ts';
import type { ResolveSubmitter, SecretsProvider } from '../../common/ports/index.ts';
import { isFileSource, type ExecutionRequest, type ExecutionResponse, type ExecutionResult, type HttpCapability } from '../../common/types/index.ts';
import type { HttpTranscript } from '../../common/types/httpTranscript.ts';
import { canonicalJson } from '../executor/http/transcript/canonicalJson.ts';
import type { ClaimedJob, ClaimedWork } from './CoordinatorPort.ts';
import { LeaseKeeper } from './LeaseKeeper.ts';
import { compileOnce, fetchModule, type ObtainDeps, type ObtainedModule } from './obtainModule.ts';
import { withHttpUsage } from './httpUsage.ts';
import { failureResponse, toResponse } from './toResponse.ts';
import { requestRunOptions } from './requestRunOptions.ts';
import { isTransient } from './transient.ts';
import { notServed } from './ChainRoutingSubmitter.ts';

export interface RunnerExecutor {
  run(
    wasm: Uint8Array,
    options: {
      input: string | Uint8Array;
      env: Record<string, string>;
      fuel: number;
      memoryMb: number;
      timeoutMs: number;
      seed: bigint;
      name: string;
      signal: AbortSignal;
      http?: HttpCapability;
      /** Names of `env` entries that are secrets: the transcript carries their hash, never the value. */
      secretEnv?: string[];
    },
  ): Promise<ExecutionResult>;
}

export interface RunnerDeps extends ObtainDeps {
  executor: RunnerExecutor;
  secrets: SecretsProvider;
  submitter: ResolveSubmitter;
  heartbeatMs: number;
  /** Development mode: run `file://` sources (repositories and modules on this host's disk).
   * Otherwise such a claim fails for good with WORKER__SOURCE_NOT_ALLOWED. Default false. */
  allowFileSources?: boolean;
  /** Observes each step (the dev demo prints them); never given secret values. */
  onStep?: (step: string, detail: Record<string, unknown>) => void;
}

export async function runClaim(deps: RunnerDeps, work: ClaimedWork, stop: AbortSignal): Promise<void> {
  const { request } = work;
  // Fields rather than a child logger: pino's child() costs tens of microseconds (it serializes
  // and redacts its bindings) and most claims never log.
  const logged = { requestId: request.requestId };
  const leases = new LeaseKeeper(deps.coordinator, deps.heartbeatMs, deps.log, { logged, parent: stop });
  const signal = leases.signal; // a lost lease or the loop stopping
  const compileJob = work.jobs.find((j) => j.type === 'compile');
  const executeJob = work.jobs.find((j) => j.type === 'execute');
  // One heartbeat extends every job of the claim (coordinator/jobs/heartbeat.ts), so the keeper
  // holds only the execute job: heartbeating a compile job that just completed would be refused
  // (409) and abort healthy work.
  if (executeJob) leases.hold(executeJob.id);
  try {
    if (!executeJob) throw new Error(`claim for request ${request.requestId} has no execute job`);
    if (deps.submitter.serves && !deps.submitter.serves(request.chain)) throw notServed(request.chain, []);
    if (!deps.allowFileSources && isFileSource(request.source)) {
      throw new ErrandError('WORKER__SOURCE_NOT_ALLOWED', 'file:// sources are run only in development mode', {
        scheme: 'file',
        reason: 'not in development mode',
      });
    }
    const module = await obtain(deps, work, compileJob, signal);
    if (!module) return;
    const { response, transcript } = await execute(deps, request, executeJob.id, module, signal);
    if (transcript && response.transcriptSha256) {
      // Before resolving: the hash on-chain must name a transcript anyone can fetch and replay.
      await deps.coordinator.uploadTranscript(executeJob.id, response.transcriptSha256, new TextEncoder().encode(canonicalJson(transcript)), signal);
    }
    const outcome = await deps.submitter.resolve(request, response, signal);
    deps.onStep?.('resolved', { requestId: request.requestId, txHash: outcome.txHash, alreadyResolved: outcome.alreadyResolved });
    // Resolved on-chain: nothing left that a lost lease could spoil, and completing ends the lease.
    leases.stop();
    await deps.coordinator.completeExecute(executeJob.id, response, stop);
  } catch (e) {
    await reportFailure(deps, work, executeJob, e, signal, logged);
  } finally {
    leases.stop();
  }
}

/**
 * Reports a claim's failure to the coordinator once, on the execute job (failing one job hands back
 * every job of the claim this worker holds: coordinator/jobs/fail.ts).
 */
async function reportFailure(
  deps: RunnerDeps,
  work: ClaimedWork,
  executeJob: ClaimedJob | undefined,
  e: unknown,
  signal: AbortSignal,
  logged: { requestId: string },
): Promise<void> {
  const err = toErrandError(e);
  const retryable = isTransient(e, signal);
  deps.log.warn({ ...logged, code: err.code, err: err.message, retryable }, retryable ? 'claim handed back' : 'claim failed for good');
  const job = executeJob ?? work.jobs[0];
  if (!job) return;
  try {
    await deps.coordinator.fail(job.id, { code: err.code, message: err.message, retryable }, AbortSignal.timeout(5_000));
  } catch (reportErr) {
    const r = toErrandError(reportErr);
    deps.log.error(
      { ...logged, jobId: job.id, code: r.code, err: r.message, failure: err.code },
      'could not report the failure; the lease will expire and the job return',
    );
  }
}

/** The module to run, or null when the source cannot be built (the request was failed for good). */
async function obtain(deps: RunnerDeps, work: ClaimedWork, compileJob: ClaimedJob | undefined, signal: AbortSignal): Promise<ObtainedModule | null> {
  if (!compileJob) {
    if (!work.moduleSha256) throw new Error(`execute-only claim for request ${work.request.requestId} names no module`);
    return { wasm: await fetchModule(deps, work.moduleSha256, signal), sha256: work.moduleSha256, commit: '', compileMs: 0 };
  }
  let module: ObtainedModule;
  try {
    module = await compileOnce(deps, work.request.source, { jobId: compileJob.id, compileTimeoutMs: work.request.limits.maxCompileMs, signal });
  } catch (e) {
    if (isTransient(e, signal)) throw e;
    const err = toErrandError(e);
    deps.onStep?.('compile_failed', { code: err.code });
    await deps.coordinator.fail(compileJob.id, { code: err.code, message: err.message, retryable: false }, signal);
    return null;
  }
  deps.onStep?.('compiled', { sha256: module.sha256, commit: module.commit, buildMs: module.compileMs });
  return module;
}

interface Executed {
  response: ExecutionResponse;
  /** The run's HTTP transcript (requests with an http capability that ran). */
  transcript?: HttpTranscript;
}

async function execute(deps: RunnerDeps, request: ExecutionRequest, executeJobId: string, module: ObtainedModule, signal: AbortSignal): Promise<Executed> {
  let env: Record<string, string> = {};
  if (request.secretsRef) {
    try {
      // The keystore releases secrets only against the coordinator's ticket for the lease we hold.
      const ticket = await deps.coordinator.claimTicket(executeJobId, signal);
      env = await deps.secrets.fetchSecrets(request, signal, ticket);
      deps.onStep?.('secrets', { granted: Object.keys(env).length });
    } catch (e) {
      if (isTransient(e, signal)) throw e;
      const err = toErrandError(e);
      deps.onStep?.('secrets', { denied: err.code });
      return { response: failureResponse(err.code, err.message, { instructions: 0, timeMs: 0, compileTimeMs: Math.ceil(module.compileMs) }) };
    }
  }
  // Said at debug level: tests that kill a worker mid-execution wait for this line, not a sleep.
  deps.log.debug({ requestId: request.requestId, sha256: module.sha256 }, 'execution started');
  const result = await deps.executor.run(module.wasm, {
    ...requestRunOptions(request),
    env,
    signal,
    // Every keystore secret is a secret: the transcript holds its hash wherever the program sent it.
    ...(request.http ? { http: request.http, secretEnv: Object.keys(env) } : {}),
  });
  deps.onStep?.('executed', { status: result.status, fuelUsed: result.fuelUsed, timeMs: result.timeMs, httpExchanges: result.transcript?.exchanges.length });
  const response = toResponse(result, request.responseFormat, module.compileMs);
  if (!result.transcript || !result.transcriptSha256) return { response };
  return { response: withHttpUsage(response, result.transcript, result.transcriptSha256), transcript: result.transcript };
}
