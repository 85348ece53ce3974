/**
 * The contract's snake_case JSON (contracts/near/API.md) <-> common/types camelCase. Conversions
 * from the chain check the shapes they rely on and raise CHAIN__BAD_CONTRACT_DATA otherwise.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import type { ChainRequestStatus, ChainRequestView, StoredSecretsEntry, WorkerAttestationKind, WorkerStatus, WorkerView } from '../../../common/ports/index.ts';
import {
  RESPONSE_FORMATS,
  isCanonicalBase64,
  isHostPattern,
  isSha256Hex,
  requestInputFromBytes,
  type ExecutionRequest,
  type ExecutionResponse,
  type ExecutionSource,
  type HttpCapability,
  type RequestInput,
  type ResourceLimits,
} from '../../../common/types/index.ts';
import { accessConditionFromWire } from './accessConditionWire.ts';

type J = Record<string, unknown>;

function bad(what: string, detail: string): never {
  throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', `unexpected ${what} from the contract: ${detail}`, { what, detail });
}
const str = (v: unknown, what: string): string => (typeof v === 'string' ? v : bad(what, `expected a string, got ${JSON.stringify(v)}`));
const num = (v: unknown, what: string): number => (typeof v === 'number' ? v : bad(what, `expected a number, got ${JSON.stringify(v)}`));
/** A view's JSON object, or null when the contract answered null (nothing stored): anything else is bad data. */
export function viewRecord(v: unknown, what: string): J | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' && !Array.isArray(v) ? (v as J) : bad(what, `expected an object, got ${JSON.stringify(v)?.slice(0, 100)}`);
}

/** A u128 amount as the contract writes it (a decimal string). */
export function amountFromWire(v: unknown, what: string): bigint {
  const s = str(v, what);
  return /^\d{1,39}$/.test(s) ? BigInt(s) : bad(what, `expected a decimal amount, got ${JSON.stringify(s.slice(0, 100))}`);
}

/** One of `values`, checked: a value the contract never writes is bad data, not a cast. */
function oneOf<T extends string>(values: readonly T[], v: unknown, what: string): T {
  const s = str(v, what);
  return (values as readonly string[]).includes(s) ? (s as T) : bad(what, s);
}

export function limitsToWire(l: ResourceLimits): J {
  const wire: J = { max_instructions: l.maxInstructions, max_memory_mb: l.maxMemoryMb, max_execution_ms: l.maxExecutionMs, max_compile_ms: l.maxCompileMs };
  // Written only when asked for: the contract reads an absent field as 0 (requests from before it stay valid).
  if (l.maxScratchMb) wire['max_scratch_mb'] = l.maxScratchMb;
  return wire;
}

export function limitsFromWire(v: unknown): ResourceLimits {
  const l = (v ?? {}) as J;
  const limits: ResourceLimits = {
    maxInstructions: num(l['max_instructions'], 'limits'),
    maxMemoryMb: num(l['max_memory_mb'], 'limits'),
    maxExecutionMs: num(l['max_execution_ms'], 'limits'),
    maxCompileMs: num(l['max_compile_ms'], 'limits'),
  };
  const scratch = l['max_scratch_mb'];
  if (scratch !== undefined && scratch !== null && num(scratch, 'limits') > 0) limits.maxScratchMb = num(scratch, 'limits');
  return limits;
}

export function sourceToWire(s: ExecutionSource): J {
  return s.kind === 'git'
    ? { kind: 'git', repo: s.repo, commit: s.commit, target: s.target, ...(s.path ? { path: s.path } : {}) }
    : { kind: 'wasm_url', url: s.url, sha256: s.sha256 };
}

export function sourceFromWire(v: unknown): ExecutionSource {
  const s = (v ?? {}) as J;
  if (s['kind'] === 'git') {
    const target = str(s['target'], 'source.target');
    if (target !== 'wasm32-wasip1' && target !== 'wasm32-wasip2') bad('source.target', target);
    return {
      kind: 'git',
      repo: str(s['repo'], 'source.repo'),
      commit: str(s['commit'], 'source.commit'),
      target,
      ...(typeof s['path'] === 'string' ? { path: s['path'] } : {}),
    };
  }
  if (s['kind'] === 'wasm_url') {
    const sha256 = s['sha256'];
    if (!isSha256Hex(sha256)) bad('source.sha256', `expected 64 lowercase hex, got ${JSON.stringify(sha256)}`);
    return { kind: 'wasm_url', url: str(s['url'], 'source.url'), sha256 };
  }
  return bad('source', JSON.stringify(v));
}

export function responseToWire(r: ExecutionResponse): J {
  const u = r.resourcesUsed;
  const http = u.httpRequests || u.httpResponseBytes ? { http_requests: u.httpRequests ?? 0, http_response_bytes: u.httpResponseBytes ?? 0 } : {};
  return {
    success: r.success,
    ...(r.output ? { output: r.output } : {}),
    ...(r.error ? { error: r.error } : {}),
    resources_used: { instructions: u.instructions, time_ms: u.timeMs, compile_time_ms: u.compileTimeMs, ...http },
    ...(r.transcriptSha256 ? { transcript_sha256: r.transcriptSha256 } : {}),
  };
}

export function httpToWire(h: HttpCapability): J {
  return { allow: h.allow, max_requests: h.maxRequests, max_response_bytes: h.maxResponseBytes };
}

/** The capability as the contract logged it (it validated it); null or absent: none. */
export function httpFromWire(v: unknown): HttpCapability | undefined {
  if (v === undefined || v === null) return undefined;
  const h = v as J;
  const allow = h['allow'];
  if (!Array.isArray(allow) || !allow.every((a) => typeof a === 'string' && isHostPattern(a))) bad('http.allow', JSON.stringify(allow));
  return {
    allow: allow as string[],
    maxRequests: num(h['max_requests'], 'http.max_requests'),
    maxResponseBytes: num(h['max_response_bytes'], 'http.max_response_bytes'),
  };
}

/** request_execution's input argument: `input` for text and UTF-8 bytes, `input_base64` for other bytes. */
export function inputToWire(input: string | Uint8Array): { input: string } | { input_base64: string } {
  if (typeof input === 'string') return { input };
  const spelled = requestInputFromBytes(input);
  return spelled.inputBase64 === undefined ? { input: spelled.input } : { input_base64: spelled.inputBase64 };
}

/** The `(input, input_base64)` pair of an event or view, or null when it carries neither. A base64
 * that is not canonical, or one given for UTF-8 bytes, is bad data (the contract never writes it). */
export function inputFromWire(d: J): RequestInput | null {
  const b64 = d['input_base64'];
  if (b64 !== undefined && b64 !== null) {
    if (typeof b64 !== 'string' || !isCanonicalBase64(b64)) bad('input_base64', 'is not canonical base64');
    const spelled = requestInputFromBytes(Buffer.from(b64, 'base64'));
    if (spelled.inputBase64 === undefined || d['input'] != null) bad('input_base64', 'given for UTF-8 bytes or together with input');
    return spelled;
  }
  return typeof d['input'] === 'string' ? { input: d['input'] } : null;
}

/** `execution_requested` event data or a `get_request` view -> ExecutionRequest (input given separately). */
export function requestFromWire(contractId: string, d: J, input: RequestInput): ExecutionRequest {
  const secrets = d['secrets_ref'] as J | null | undefined;
  return {
    chain: 'near',
    contractId,
    requestId: String(num(d['request_id'], 'request_id')),
    callbackHandle: typeof d['data_id'] === 'string' ? d['data_id'] : undefined,
    senderId: str(d['sender_id'], 'sender_id'),
    payerId: str(d['payer_id'], 'payer_id'),
    source: sourceFromWire(d['source']),
    ...input,
    ...(secrets ? { secretsRef: { owner: str(secrets['owner'], 'secrets_ref.owner'), profile: str(secrets['profile'], 'secrets_ref.profile') } } : {}),
    limits: limitsFromWire(d['resource_limits']),
    ...(d['http'] != null ? { http: httpFromWire(d['http']) } : {}),
    responseFormat: oneOf(RESPONSE_FORMATS, d['response_format'] ?? 'text', 'response_format'),
    deposit: str(d['deposit'], 'deposit'),
    blockHeight: num(d['block_height'], 'block_height'),
  };
}

export function requestViewFromWire(contractId: string, d: J): ChainRequestView {
  const status = oneOf<ChainRequestStatus>(['pending', 'resolved', 'timed_out', 'cancelled'], d['status'], 'status');
  return { ...requestFromWire(contractId, d, inputFromWire(d) ?? { input: '' }), status };
}

export function secretsFromWire(d: J): StoredSecretsEntry {
  return {
    owner: str(d['owner'], 'owner'),
    repo: str(d['repo'], 'repo'),
    branch: typeof d['branch'] === 'string' ? d['branch'] : null,
    profile: str(d['profile'], 'profile'),
    encrypted: str(d['encrypted'], 'encrypted'),
    accessCondition: accessConditionFromWire(d['access_condition']),
    storageDeposit: str(d['storage_deposit'], 'storage_deposit'),
  };
}

const ATTESTATION_KINDS: readonly WorkerAttestationKind[] = ['ed25519', 'tdx', 'sev-snp'];

/** A record stored before the contract had `attestation_kind` has none: it registered as ed25519. */
function attestationKindFromWire(v: unknown): WorkerAttestationKind {
  if (v === undefined || v === null) return 'ed25519';
  return oneOf(ATTESTATION_KINDS, v, 'attestation_kind');
}

export function workerFromWire(d: J): WorkerView {
  return {
    accountId: str(d['account_id'], 'account_id'),
    publicKey: str(d['public_key'], 'public_key'),
    measurement: str(d['measurement'], 'measurement'),
    attestationKind: attestationKindFromWire(d['attestation_kind']),
    stake: str(d['stake'], 'stake'),
    status: oneOf<WorkerStatus>(['active', 'unbonding', 'withdrawn', 'slashed'], d['status'], 'status'),
  };
}
