/** Conversions between the client's types and the objects Anchor's coder reads and writes
 * (BN for u64, camelCase fields, enums as `{ variant: {...} }`). */
import anchor from '@coral-xyz/anchor';
import type { PublicKey } from '@solana/web3.js';
import {
  RESPONSE_FORMATS,
  type ConfigArgs,
  type ConfigView,
  type ExecutionResult,
  type Input,
  type Limits,
  type Output,
  type Pricing,
  type CallbackSpec,
  type HttpCapability,
  type RequestView,
  type SecretsView,
  type Source,
  type WorkerView,
} from './types.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- Anchor's decoded objects are untyped for an IDL loaded at run time */
type AnyObj = Record<string, any>;

// bn.js reaches ESM only through Anchor's CommonJS default export.
type BN = InstanceType<typeof anchor.BN>;
export const bn = (v: bigint | number): BN => new anchor.BN(v.toString());
export const big = (v: BN): bigint => BigInt(v.toString());

export const pricingToAnchor = (p: Pricing) => ({
  baseFee: bn(p.baseFee),
  perMillionInstructions: bn(p.perMillionInstructions),
  perMs: bn(p.perMs),
  perCompileMs: bn(p.perCompileMs),
  perHttpRequest: bn(p.perHttpRequest),
  perHttpKib: bn(p.perHttpKib),
});
export const limitsToAnchor = (l: Limits) => ({
  maxInstructions: bn(l.maxInstructions),
  maxMemoryMb: bn(l.maxMemoryMb),
  maxExecutionMs: bn(l.maxExecutionMs),
  maxCompileMs: bn(l.maxCompileMs),
});
export const pricingFrom = (p: AnyObj): Pricing => ({
  baseFee: big(p.baseFee),
  perMillionInstructions: big(p.perMillionInstructions),
  perMs: big(p.perMs),
  perCompileMs: big(p.perCompileMs),
  perHttpRequest: big(p.perHttpRequest),
  perHttpKib: big(p.perHttpKib),
});
export const limitsFrom = (l: AnyObj): Limits => ({
  maxInstructions: big(l.maxInstructions),
  maxMemoryMb: big(l.maxMemoryMb),
  maxExecutionMs: big(l.maxExecutionMs),
  maxCompileMs: big(l.maxCompileMs),
});

export function configArgsToAnchor(c: ConfigArgs): AnyObj {
  return {
    owner: c.owner,
    pricing: pricingToAnchor(c.pricing),
    maxLimits: limitsToAnchor(c.maxLimits),
    minStake: bn(c.minStake),
    unbondingPeriodSlots: bn(c.unbondingPeriodSlots),
    timeoutSlots: bn(c.timeoutSlots),
    protocolFeeBps: c.protocolFeeBps,
    maxInputBytes: c.maxInputBytes,
    maxOutputBytes: c.maxOutputBytes,
  };
}

export function configFrom(a: AnyObj): ConfigView {
  return {
    owner: a.owner as PublicKey,
    pricing: pricingFrom(a.pricing),
    maxLimits: limitsFrom(a.maxLimits),
    minStake: big(a.minStake),
    unbondingPeriodSlots: big(a.unbondingPeriodSlots),
    timeoutSlots: big(a.timeoutSlots),
    protocolFeeBps: a.protocolFeeBps as number,
    maxInputBytes: a.maxInputBytes as number,
    maxOutputBytes: a.maxOutputBytes as number,
    nextRequestId: big(a.nextRequestId),
    feesCollected: big(a.feesCollected),
  };
}

export function sourceToAnchor(s: Source): AnyObj {
  if (s.kind === 'git') return { git: { repo: s.repo, commit: s.commit, target: s.target, path: s.path ?? null } };
  return { wasmUrl: { url: s.url, sha256: [...s.sha256] } };
}
export function inputToAnchor(i: Input): AnyObj {
  return i.kind === 'inline' ? { inline: { data: Buffer.from(i.data) } } : { hash: { sha256: [...i.sha256], bytes: bn(i.bytes) } };
}
export function outputToAnchor(o: Output): AnyObj {
  if (o.kind === 'none') return { none: {} };
  if (o.kind === 'inline') return { inline: { data: Buffer.from(o.data) } };
  return { stored: { sha256: [...o.sha256], bytes: bn(o.bytes), reference: o.reference } };
}
export const callbackToAnchor = (c: CallbackSpec) => ({
  programId: c.programId,
  accounts: c.accounts.map((a) => ({ pubkey: a.pubkey, writable: a.writable })),
});

export const httpToAnchor = (h: HttpCapability) => ({ allow: [...h.allow], maxRequests: bn(h.maxRequests), maxResponseBytes: bn(h.maxResponseBytes) });

export function resultToAnchor(r: ExecutionResult): unknown[] {
  const u = r.resourcesUsed;
  return [
    r.success,
    { instructions: bn(u.instructions), timeMs: bn(u.timeMs), compileTimeMs: bn(u.compileTimeMs) },
    outputToAnchor(r.output),
    r.error,
    r.skipCallback ?? false,
    r.transcriptSha256 ? [...r.transcriptSha256] : null,
    r.httpUsed ? { requests: bn(r.httpUsed.requests), responseBytes: bn(r.httpUsed.responseBytes) } : null,
  ];
}

export function requestFrom(address: PublicKey, lamports: number, a: AnyObj): RequestView {
  const profile = Buffer.from(a.secretsProfile as number[])
    .subarray(0, a.secretsProfileLen as number)
    .toString('utf8');
  return {
    address,
    requestId: big(a.requestId),
    nonce: big(a.nonce),
    requester: a.requester as PublicKey,
    deposit: big(a.deposit),
    lamports: BigInt(lamports),
    slot: big(a.slot),
    deadlineSlot: big(a.deadlineSlot),
    limits: limitsFrom(a.limits),
    pricing: pricingFrom(a.pricing),
    protocolFeeBps: a.protocolFeeBps as number,
    responseFormat: RESPONSE_FORMATS[a.responseFormat as number] ?? 'text',
    sourceHash: Buffer.from(a.sourceHash as number[]),
    inputHash: Buffer.from(a.inputHash as number[]),
    secretsRef: a.hasSecrets ? { owner: a.secretsOwner as PublicKey, profile } : null,
    callback: a.hasCallback ? callbackFrom(a) : null,
    http: a.hasHttp
      ? { maxRequests: big(a.httpMaxRequests), maxResponseBytes: big(a.httpMaxResponseBytes), allowHash: Buffer.from(a.httpAllowHash as number[]) }
      : null,
  };
}

function callbackFrom(a: AnyObj): CallbackSpec {
  const accounts = (a.callbackAccounts as AnyObj[]).slice(0, a.callbackAccountsLen as number);
  return { programId: a.callbackProgram as PublicKey, accounts: accounts.map((x) => ({ pubkey: x.pubkey as PublicKey, writable: x.writable as boolean })) };
}

export function workerFrom(address: PublicKey, a: AnyObj): WorkerView {
  return {
    address,
    authority: a.authority as PublicKey,
    workerKey: Buffer.from(a.workerKey as number[]),
    measurement: Buffer.from(a.measurement as number[]).subarray(0, a.measurementLen as number),
    stake: big(a.stake),
    status: a.status === 0 ? 'active' : 'unbonding',
    registeredSlot: big(a.registeredSlot),
    unbondingEndsSlot: big(a.unbondingEndsSlot),
  };
}

export function secretsFrom(address: PublicKey, lamports: number, a: AnyObj): SecretsView {
  return {
    address,
    owner: a.owner as PublicKey,
    keyHash: Buffer.from(a.keyHash as number[]),
    lamports: BigInt(lamports),
    repo: a.repo as string,
    branch: (a.branch as string | null) ?? null,
    profile: a.profile as string,
    envelope: a.envelope as Buffer,
    accessCondition: a.accessCondition as Buffer,
  };
}
