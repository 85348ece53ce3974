/**
 * What a worker sends to ask for an attestation challenge, and the bytes it signs: the challenge is
 * bound to a worker key that must be registered on a trusted contract, so an unauthenticated caller
 * cannot fill the challenge store (issue 12, item 8). `issuedAt` keeps a captured request from
 * being replayed for long. Shared by the keystore (ChallengeGate) and the worker
 * (KeystoreSecretsProvider); pure.
 */
import { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';
import { parseWith } from '../../common/parseWith.ts';
import { CHAINS, type ChainId } from '../../common/types/index.ts';
import { canonicalFields } from '../envelope/bytes.ts';

export interface ChallengeRequestClaims {
  chain: ChainId;
  contractId: string;
  workerAccount: string;
  /** `ed25519:<base58>`, the key registered on the contract. */
  workerPublicKey: string;
  /** Unix milliseconds when the worker signed. */
  issuedAt: number;
}

export interface ChallengeRequest extends ChallengeRequestClaims {
  /** 64-byte ed25519 signature, hex, over challengeSigningBytes. */
  signature: string;
}

const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/);

const challengeRequestSchema = z
  .object({
    chain: z.enum(CHAINS),
    contractId: printable(128),
    workerAccount: printable(128),
    workerPublicKey: z.string().regex(/^ed25519:[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'ed25519:<base58>'),
    issuedAt: z.number().int().nonnegative(),
    signature: z
      .string()
      .length(128)
      .regex(/^[0-9a-f]+$/, 'lowercase hex'),
  })
  .strict();

export function challengeSigningBytes(c: ChallengeRequestClaims): Uint8Array {
  return canonicalFields(['errand/keystore/challenge/v1', c.chain, c.contractId, c.workerAccount, c.workerPublicKey, String(c.issuedAt)]);
}

/** Shape check before anything is decoded; KEYSTORE__ATTESTATION_INVALID (401) for anything else. */
export function parseChallengeRequest(value: unknown): ChallengeRequest {
  return parseWith(
    challengeRequestSchema,
    value,
    (issues) => new ErrandError('KEYSTORE__ATTESTATION_INVALID', `invalid challenge request: ${issues.join('; ')}`, { reason: issues.join('; ') }),
  ) as ChallengeRequest;
}
