/**
 * The source and input of a request, recovered from the `ExecutionRequested` event its creating
 * transaction logged, and checked against the hashes the program kept in the Request account
 * (`source_hash = sha256(borsh(Source))`, `input_hash = sha256(data)` for an inline input). The
 * account is the program's own state; the event is only believed where it hashes to it, so logs
 * forged by another program in the same transaction, or an RPC that lies about the history, can
 * at worst make the read fail — never substitute another repo.
 *
 * Events are attributed the way Anchor's EventParser attributes them: a `Program data:` line
 * belongs to the program on top of the invoke stack (`Program X invoke [n]` ... `success/failed`),
 * so a CPI from a dApp's program into Errand is found as well as a direct call.
 */
import { createHash } from 'node:crypto';
import { ErrandError } from '../../../common/errors/index.ts';
import { assertSha256Hex, isHostPattern, type ExecutionSource, type HttpCapability, type RequestInput } from '../../../common/types/index.ts';
import { requestInputFromBytes } from '../../../common/types/index.ts';

const EXECUTION_REQUESTED = createHash('sha256').update('event:ExecutionRequested').digest().subarray(0, 8);
/** disc 8 + request 32 + request_id 8 + requester 32 + deposit 8 + slot 8 + deadline_slot 8 */
const SOURCE_OFFSET = 104;

function bad(detail: string): ErrandError {
  return new ErrandError('CHAIN__BAD_CONTRACT_DATA', `ExecutionRequested event: ${detail}`, { what: 'ExecutionRequested', detail });
}

/** A bounds-checked borsh reader over one event's bytes. */
class Borsh {
  pos: number;
  constructor(
    private readonly b: Buffer,
    start: number,
  ) {
    this.pos = start;
  }
  take(n: number): Buffer {
    if (n < 0 || this.pos + n > this.b.length) throw bad('truncated');
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u8(): number {
    return this.take(1)[0];
  }
  bytes(): Buffer {
    return this.take(this.take(4).readUInt32LE(0));
  }
  string(): string {
    const raw = this.bytes();
    const text = raw.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(raw)) throw bad('a string is not UTF-8');
    return text;
  }
  /** The bytes read since `start`. */
  bytesFrom(start: number): Buffer {
    return this.b.subarray(start, this.pos);
  }
  option<T>(read: () => T): T | null {
    const tag = this.u8();
    if (tag > 1) throw bad('bad option tag');
    return tag === 1 ? read() : null;
  }
}

/** The `Program data:` payloads Errand itself logged, in order. */
export function errandEventPayloads(logs: readonly string[], programId: string): Buffer[] {
  const stack: string[] = [];
  const out: Buffer[] = [];
  for (const line of logs) {
    const invoke = /^Program (\S+) invoke \[\d+\]$/.exec(line);
    if (invoke) {
      stack.push(invoke[1]);
      continue;
    }
    if (/^Program \S+ (success|failed)/.test(line)) {
      stack.pop();
      continue;
    }
    if (line.startsWith('Program data: ') && stack[stack.length - 1] === programId) {
      out.push(Buffer.from(line.slice('Program data: '.length), 'base64'));
    }
  }
  return out;
}

export interface RequestedSourceAndInput {
  source: ExecutionSource;
  /** Inline inputs only: a hashed input's bytes are not in the event. */
  input: RequestInput | null;
  /** The http capability (null: none), believed only where it is the account's: the hosts hash to
   * its `http_allow_hash` and the maxima are its own. */
  http: HttpCapability | null;
}

/** The account's record of the capability (RequestView.http). */
export interface AccountHttp {
  maxRequests: bigint;
  maxResponseBytes: bigint;
  allowHash: Uint8Array;
}

/** limits, response_format, secrets_ref: skipped (the account holds them), then http. */
function readHttp(r: Borsh, account: AccountHttp | null): HttpCapability | null {
  r.take(32 + 1);
  r.option(() => {
    r.take(32);
    r.bytes();
  });
  const start = r.pos;
  const http = r.option(() => {
    const n = r.take(4).readUInt32LE(0);
    if (n > 16) throw bad('http.allow names more than 16 hosts');
    const allow = Array.from({ length: n }, () => r.string());
    const allowBytes = r.bytesFrom(start + 1);
    const limits = r.take(16);
    return { allow, allowBytes, maxRequests: limits.readBigUInt64LE(0), maxResponseBytes: limits.readBigUInt64LE(8) };
  });
  if (!http) {
    if (account) throw bad('the request account has an http capability the event does not');
    return null;
  }
  const same =
    account !== null &&
    createHash('sha256').update(http.allowBytes).digest().equals(account.allowHash) &&
    http.maxRequests === account.maxRequests &&
    http.maxResponseBytes === account.maxResponseBytes;
  if (!same) throw bad("the http capability is not the request account's");
  if (!http.allow.every(isHostPattern)) throw bad('an http.allow entry is not a host pattern');
  return { allow: http.allow, maxRequests: Number(http.maxRequests), maxResponseBytes: Number(http.maxResponseBytes) };
}

function readSource(r: Borsh): ExecutionSource {
  const tag = r.u8();
  if (tag === 0) {
    const repo = r.string(),
      commit = r.string(),
      target = r.string();
    const path = r.option(() => r.string());
    if (target !== 'wasm32-wasip1' && target !== 'wasm32-wasip2') throw bad(`unknown target ${JSON.stringify(target)}`);
    return { kind: 'git', repo, commit, target, ...(path !== null ? { path } : {}) };
  }
  if (tag === 1) {
    const url = r.string();
    const sha256 = r.take(32).toString('hex');
    assertSha256Hex(sha256);
    return { kind: 'wasm_url', url, sha256 };
  }
  throw bad(`unknown source variant ${tag}`);
}

/** Finds this request's ExecutionRequested among `payloads` and returns its source (and inline
 * input) when they hash to the account's; null when no payload is this request's event. */
export function requestedSourceAndInput(
  payloads: readonly Buffer[],
  request: { address: Uint8Array; sourceHash: Uint8Array; inputHash: Uint8Array; http?: AccountHttp | null },
): RequestedSourceAndInput | null {
  for (const p of payloads) {
    if (p.length < SOURCE_OFFSET || !p.subarray(0, 8).equals(EXECUTION_REQUESTED) || !p.subarray(8, 40).equals(request.address)) continue;
    const r = new Borsh(p, SOURCE_OFFSET);
    const source = readSource(r);
    const sourceBytes = p.subarray(SOURCE_OFFSET, r.pos);
    if (!createHash('sha256').update(sourceBytes).digest().equals(request.sourceHash))
      throw bad("the source does not hash to the request account's source_hash");
    const inputTag = r.u8();
    let input: RequestInput | null = null;
    if (inputTag === 0) {
      const data = r.bytes();
      if (!createHash('sha256').update(data).digest().equals(request.inputHash)) throw bad("the input does not hash to the request account's input_hash");
      input = requestInputFromBytes(data);
    } else if (inputTag === 1) {
      // Input::Hash { sha256, bytes }: the program keeps that sha256 as input_hash.
      if (!r.take(32).equals(request.inputHash)) throw bad("the input hash is not the request account's input_hash");
      r.take(8);
    } else {
      throw bad(`unknown input variant ${inputTag}`);
    }
    return { source, input, http: readHttp(r, request.http ?? null) };
  }
  return null;
}
