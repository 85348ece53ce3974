/**
 * Errand's Solana events as the coordinator's ChainEvents: `ExecutionRequested` becomes a request
 * (the request PDA as its callback handle, the requester as sender and payer, lamports as the
 * deposit, the landing slot as its block height); `ExecutionResolved` and `ExecutionCancelled`
 * complete one. Every field is checked; one that is not what the program writes makes the event
 * `execution_rejected` (with its request id when the bytes still hold one), never an exception.
 */
import { PublicKey } from '@solana/web3.js';
import { ErrandError, isErrandError } from '../../../../common/errors/index.ts';
import type { ChainEvent } from '../../../../common/ports/index.ts';
import {
  BUILD_TARGETS,
  HTTP_LIMITS,
  RESPONSE_FORMATS,
  isHostPattern,
  isSha256Hex,
  requestInputFromBytes,
  type BuildTarget,
  type ExecutionRequest,
  type ExecutionSource,
  type HttpCapability,
  type RequestRef,
  type ResourceLimits,
} from '../../../../common/types/index.ts';
import type { ProgramEvent } from './programEvents.ts';

type Obj = Record<string, unknown>;

/** `ExecutionRequested`'s discriminator, then the request PDA: the request id follows at byte 40. */
const REQUEST_ID_OFFSET = 8 + 32;

/** `signature`: the transaction that logged the event (kept as the request's `requestTx`). */
export function toChainEvent(ev: ProgramEvent, programId: string, slot: number, signature?: string): ChainEvent | null {
  if (!ev.ok) {
    const id = ev.raw.length >= REQUEST_ID_OFFSET + 8 ? ev.raw.readBigUInt64LE(REQUEST_ID_OFFSET).toString() : null;
    return { kind: 'execution_rejected', ref: id === null ? null : refOf(programId, id), reason: ev.reason, blockHeight: slot };
  }
  const d = ev.data;
  try {
    switch (ev.name) {
      case 'executionRequested':
        return {
          kind: 'execution_requested',
          request: { ...requestOf(d, programId, slot), ...(signature ? { requestTx: signature } : {}) },
          blockHeight: slot,
        };
      case 'executionResolved':
        return { kind: 'execution_completed', ref: refOf(programId, u64(d, 'requestId')), success: d['success'] === true, blockHeight: slot };
      case 'executionCancelled':
        return { kind: 'execution_completed', ref: refOf(programId, u64(d, 'requestId')), success: false, blockHeight: slot };
      default:
        return null; // config, workers, secrets: not the coordinator's business
    }
  } catch (e) {
    if (!isErrandError(e, 'CHAIN__BAD_CONTRACT_DATA')) throw e;
    const id = (() => {
      try {
        return u64(d, 'requestId');
      } catch {
        return null;
      }
    })();
    return { kind: 'execution_rejected', ref: id === null ? null : refOf(programId, id), reason: e.message, blockHeight: slot };
  }
}

export function refOf(programId: string, requestId: string): RequestRef {
  return { chain: 'solana', contractId: programId, requestId };
}

function requestOf(d: Obj, programId: string, slot: number): ExecutionRequest {
  const requester = key(d, 'requester');
  const input = inputOf(d['input']);
  const format = d['responseFormat'];
  if (typeof format !== 'number' || RESPONSE_FORMATS[format] === undefined) throw bad('response_format', String(format));
  const secrets = d['secretsRef'] as Obj | null | undefined;
  return {
    ...refOf(programId, u64(d, 'requestId')),
    callbackHandle: key(d, 'request'),
    senderId: requester,
    payerId: requester,
    source: sourceOf(d['source']),
    ...input,
    ...(secrets ? { secretsRef: { owner: key(secrets, 'owner'), profile: str(secrets, 'profile') } } : {}),
    limits: limitsOf(d['limits']),
    ...(d['http'] ? { http: httpOf(d['http']) } : {}),
    responseFormat: RESPONSE_FORMATS[format],
    deposit: u64(d, 'deposit'),
    blockHeight: slot,
  };
}

function sourceOf(v: unknown): ExecutionSource {
  const s = (v ?? {}) as Obj;
  if (s['git']) {
    const g = s['git'] as Obj;
    const target = str(g, 'target');
    if (!(BUILD_TARGETS as readonly string[]).includes(target)) throw bad('source.target', target);
    const path = g['path'];
    return { kind: 'git', repo: str(g, 'repo'), commit: str(g, 'commit'), target: target as BuildTarget, ...(typeof path === 'string' ? { path } : {}) };
  }
  if (s['wasmUrl']) {
    const w = s['wasmUrl'] as Obj;
    const sha256 = Buffer.from(w['sha256'] as number[]).toString('hex');
    if (!isSha256Hex(sha256)) throw bad('source.sha256', sha256);
    return { kind: 'wasm_url', url: str(w, 'url'), sha256 };
  }
  throw bad('source', JSON.stringify(Object.keys(s)));
}

function inputOf(v: unknown): { input: string; inputBase64?: string } {
  const i = (v ?? {}) as Obj;
  if (i['inline']) {
    const data = (i['inline'] as Obj)['data'];
    if (!(data instanceof Uint8Array)) throw bad('input', 'inline data is not bytes');
    return requestInputFromBytes(data);
  }
  // The program keeps only the hash of such an input; nothing on-chain holds its bytes.
  if (i['hash']) throw bad('input', 'an input given by hash only: no store holds its bytes for Solana requests yet');
  throw bad('input', JSON.stringify(Object.keys(i)));
}

/** The http capability as the NEAR watcher gives it (contracts/near/client/wire.ts httpFromWire),
 * checked against the same rules the program applied. */
function httpOf(v: unknown): HttpCapability {
  const h = v as Obj;
  const allow = h['allow'];
  if (!Array.isArray(allow) || allow.length === 0 || allow.length > HTTP_LIMITS.maxHosts || !allow.every((a) => typeof a === 'string' && isHostPattern(a)))
    throw bad('http.allow', JSON.stringify(allow));
  const n = (k: string, max: number): number => {
    const x = Number(u64(h, k));
    if (x < 1 || x > max) throw bad(`http.${k}`, String(x));
    return x;
  };
  return {
    allow: [...(allow as string[])],
    maxRequests: n('maxRequests', HTTP_LIMITS.maxRequests),
    maxResponseBytes: n('maxResponseBytes', HTTP_LIMITS.maxResponseBytes),
  };
}

function limitsOf(v: unknown): ResourceLimits {
  const l = (v ?? {}) as Obj;
  const n = (k: string): number => {
    const x = Number(u64(l, k));
    if (!Number.isSafeInteger(x)) throw bad(`limits.${k}`, String(x));
    return x;
  };
  return { maxInstructions: n('maxInstructions'), maxMemoryMb: n('maxMemoryMb'), maxExecutionMs: n('maxExecutionMs'), maxCompileMs: n('maxCompileMs') };
}

function u64(o: Obj, k: string): string {
  const v = o[k] as { toString(base?: number): string } | undefined | null;
  const s = v === undefined || v === null ? '' : v.toString(10);
  if (!/^\d{1,20}$/.test(s)) throw bad(k, s);
  return s;
}
function key(o: Obj, k: string): string {
  const v = o[k];
  if (!(v instanceof PublicKey)) throw bad(k, String(v));
  return v.toBase58();
}
function str(o: Obj, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw bad(k, typeof v);
  return v;
}
function bad(what: string, detail: string): ErrandError {
  return new ErrandError('CHAIN__BAD_CONTRACT_DATA', `unexpected ${what} in a Solana Errand event: ${detail.slice(0, 200)}`, {
    what,
    detail: detail.slice(0, 200),
  });
}
