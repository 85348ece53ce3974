/**
 * What `errand verify` needs besides the chain: the module (from the coordinator's content-addressed
 * cache, by the request's pinned source, its bytes checked against their sha256) and the HTTP
 * transcript the coordinator keeps. Neither is trusted: the module is only what re-executes, and
 * the transcript is checked against the hash on-chain before it is replayed.
 */
import { createHash } from 'node:crypto';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import type { HttpTranscript } from '../../common/types/httpTranscript.ts';
import type { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { parseTranscript } from '../../worker/executor/index.ts';
import type { Target } from '../endpoint/resolveTarget.ts';
import { notVerifiable } from './notVerifiable.ts';

export interface Parts {
  wasm: Uint8Array;
  moduleSha256: string;
  /** The coordinator's transcript and the sha256 of its bytes (requests with http only). */
  transcript?: { value: HttpTranscript; sha256: string };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * The module the request ran: the one its compile job produced (the ledger's job_completed event),
 * else the trusted build of its pinned source (an execute-only claim of a reproduced build).
 */
async function moduleOf(coordinator: CoordinatorClient, ledgerId: string, sourceKey: string | null, signal?: AbortSignal): Promise<string> {
  const events = await coordinator.requestEvents(ledgerId, { signal });
  const built = events.filter((e) => e.kind === 'job_completed' && e.data['type'] === 'compile' && typeof e.data['wasmSha256'] === 'string').pop();
  if (built) return built.data['wasmSha256'] as string;
  try {
    if (sourceKey) return (await coordinator.wasmBySource(sourceKey, { signal })).sha256;
  } catch (e) {
    if (!isErrandError(e, 'COORDINATOR__WASM_NOT_FOUND')) throw e;
  }
  throw new ErrandError(
    'COMMON__UNFINISHED',
    "errand verify rebuilds nothing yet: the module must be in the coordinator's cache (built for this request, or a trusted build of its source)",
    { feature: 'verify: rebuild from source' },
  );
}

export async function fetchParts(target: Target, requestId: string, withTranscript: boolean, signal?: AbortSignal): Promise<Parts> {
  const coordinator: CoordinatorClient | undefined = target.coordinator;
  if (!coordinator) throw notVerifiable(requestId, 'no coordinator to fetch the module and transcript from (give --coordinator URL)');
  const [record] = await coordinator.listRequests({ chain: target.chain, contractId: target.contractId, requestId, limit: 1 }, { signal });
  if (!record) throw notVerifiable(requestId, 'the coordinator has no record of it');
  const moduleSha256 = await moduleOf(coordinator, record.id, record.sourceKey, signal);
  const wasm = await coordinator.downloadWasm(moduleSha256, { signal, timeoutMs: 60_000 });
  if (sha256(wasm) !== moduleSha256) throw notVerifiable(requestId, `the coordinator's module is not the bytes of its hash ${moduleSha256}`);
  if (!withTranscript) return { wasm, moduleSha256 };
  let bytes: Uint8Array;
  try {
    bytes = await coordinator.requestTranscript(record.id, { signal });
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
  return { wasm, moduleSha256, transcript: { value, sha256: sha256(bytes) } };
}
