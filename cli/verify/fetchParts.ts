/**
 * What `errand verify` needs besides the chain: the module (from the coordinator's content-addressed
 * cache, by the request's pinned source, its bytes checked against their sha256; or rebuilt from the
 * source at its pinned commit, rebuildModule.ts) and the HTTP transcript the coordinator keeps. Neither is trusted: the module is only what re-executes, and
 * the transcript is checked against the hash on-chain before it is replayed.
 */
import { createHash } from 'node:crypto';
import { isErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import type { HttpTranscript } from '../../common/types/httpTranscript.ts';
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { parseTranscript } from '../../worker/executor/index.ts';
import type { Target } from '../endpoint/resolveTarget.ts';
import type { SandboxBackend } from '../../worker/compile/index.ts';
import type { Check } from './compareClaims.ts';
import { notVerifiable } from './notVerifiable.ts';
import { rebuildModule } from './rebuildModule.ts';

export interface Parts {
  wasm: Uint8Array;
  moduleSha256: string;
  /** The coordinator's transcript and the sha256 of its bytes (requests with http only). */
  transcript?: { value: HttpTranscript; sha256: string };
  /** After a rebuild, when the module the worker ran is known: does the rebuild reproduce it? */
  reproduced?: Check;
}

export interface ModuleOptions {
  /** Rebuild even when the coordinator has the module (a reproducibility check). */
  rebuild?: boolean;
  /** The sandbox rebuilds run in (default bwrap). */
  sandbox?: SandboxBackend;
  signal?: AbortSignal;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * The sha256 of the module the request ran: the one its compile job produced (the ledger's
 * job_completed event), else the trusted build of its pinned source (an execute-only claim of a
 * reproduced build); null when the coordinator knows neither.
 */
async function moduleOf(coordinator: CoordinatorClient, ledgerId: string, sourceKey: string | null, signal?: AbortSignal): Promise<string | null> {
  const events = await coordinator.requestEvents(ledgerId, { signal });
  const built = events.filter((e) => e.kind === 'job_completed' && e.data['type'] === 'compile' && typeof e.data['wasmSha256'] === 'string').pop();
  if (built) return built.data['wasmSha256'] as string;
  try {
    if (sourceKey) return (await coordinator.wasmBySource(sourceKey, { signal })).sha256;
  } catch (e) {
    if (!isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND')) throw e;
  }
  return null;
}

/** The module's bytes from the cache, checked against their hash; null when evicted. */
async function cachedModule(coordinator: CoordinatorClient, requestId: string, moduleSha256: string, signal?: AbortSignal): Promise<Uint8Array | null> {
  let wasm: Uint8Array;
  try {
    wasm = await coordinator.downloadWasm(moduleSha256, { signal, timeoutMs: 60_000 });
  } catch (e) {
    if (isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND')) return null;
    throw e;
  }
  if (sha256(wasm) !== moduleSha256) throw notVerifiable(requestId, `the coordinator's module is not the bytes of its hash ${moduleSha256}`);
  return wasm;
}

/** The coordinator's copy of the request's HTTP transcript, parsed (its hash is compared later). */
async function transcriptOf(
  coordinator: CoordinatorClient,
  ledgerId: string,
  requestId: string,
  signal?: AbortSignal,
): Promise<NonNullable<Parts['transcript']>> {
  let bytes: Uint8Array;
  try {
    bytes = await coordinator.requestTranscript(ledgerId, { signal });
  } catch (e) {
    if (isErrandError(e, 'COORDINATOR__TRANSCRIPT_NOT_FOUND')) throw notVerifiable(requestId, 'the coordinator keeps no transcript for it');
    throw e;
  }
  let value: HttpTranscript;
  try {
    value = parseTranscript(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch (e) {
    throw notVerifiable(requestId, `the coordinator's transcript does not parse (${e instanceof Error ? e.message : String(e)})`);
  }
  return { value, sha256: sha256(bytes) };
}

/**
 * `request`: as the chain logged it (its source is what a rebuild compiles). The module comes from
 * the coordinator's cache when it is there (and no rebuild is asked for), else from a rebuild of
 * the source on this machine, compared with the module the worker ran when that is known.
 */
/** Where the module and transcript come from: the coordinator, and the chain and contract (or program) the request is on. */
export type PartsSource = Pick<Target, 'coordinator' | 'contractId'> & { chain: 'near' | 'solana' };

export async function fetchParts(target: PartsSource, request: ExecutionRequest, withTranscript: boolean, options: ModuleOptions = {}): Promise<Parts> {
  const { requestId } = request;
  const { signal } = options;
  const coordinator: CoordinatorClient | undefined = target.coordinator;
  if (!coordinator) throw notVerifiable(requestId, 'no coordinator to fetch the module and transcript from (give --coordinator URL)');
  const [record] = await coordinator.listRequests({ chain: target.chain, contractId: target.contractId, requestId, limit: 1 }, { signal });
  // Without a record the module can still be rebuilt from the chain's source; a transcript cannot.
  if (!record && withTranscript) throw notVerifiable(requestId, 'the coordinator has no record of it (nor of its HTTP transcript)');
  // Before any rebuild: a request that cannot be verified says so at once.
  const transcript = withTranscript && record ? await transcriptOf(coordinator, record.id, requestId, signal) : undefined;
  const ran = record ? await moduleOf(coordinator, record.id, record.sourceKey, signal) : null;
  const cached = ran && !options.rebuild ? await cachedModule(coordinator, requestId, ran, signal) : null;
  let wasm: Uint8Array;
  let moduleSha256: string;
  let reproduced: Check | undefined;
  if (ran && cached) {
    [wasm, moduleSha256] = [cached, ran];
  } else {
    if (!options.rebuild) process.stderr.write(`errand verify: the coordinator ${ran ? `no longer has module ${ran}` : 'knows no module for it'}\n`);
    const built = await rebuildModule(request.source, { sandbox: options.sandbox ?? 'bwrap', pinnedCommit: record?.pinnedCommit ?? null, signal });
    [wasm, moduleSha256] = [built.wasm, built.sha256];
    if (ran) reproduced = { name: 'module', claimed: ran, recomputed: built.sha256, match: ran === built.sha256 };
  }
  const parts: Parts = { wasm, moduleSha256, ...(reproduced && { reproduced }) };
  return { ...parts, ...(transcript && { transcript }) };
}
