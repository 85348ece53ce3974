/**
 * The keystore's HTTP contract (internal network only): request queries and bodies its routes parse,
 * and the answers its clients (keystore/client, the coordinator's public-key proxy, `errand
 * secrets`) parse. The attestation and claim ticket inside a decrypt body stay `unknown` here: the
 * keystore parses them itself (attestation/parseAttestation.ts, common/tickets), where a refusal
 * has its own codes.
 *
 *   GET  /health                                {status: 'ok'}
 *   GET  /v1/pubkey?chain&owner&repo[&branch]   {publicKey (hex), algorithm, envelopeVersion, scope}
 *   POST /v1/attest/challenge                   ChallengeRequest -> {nonce, expiresAt, ttlMs}
 *   POST /v1/secrets/decrypt                    {attestation, ticket} -> {sealed}
 */
import { z } from 'zod';
import { CHAINS } from '../../common/types/index.ts';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

export const healthAnswer = z.strictObject({ status: z.literal('ok') });

export const pubkeyQuery = z.strictObject({
  chain: z.enum(CHAINS),
  owner: z.string().min(1),
  repo: z.string().min(1),
  branch: z.string().min(1).optional(),
});

export const scopePublicKeyAnswer = z.strictObject({
  /** The scope's X25519 public key, hex. */
  publicKey: hex32,
  algorithm: z.literal('x25519'),
  envelopeVersion: z.number().int().positive(),
  scope: z.strictObject({ chain: z.enum(CHAINS), owner: z.string(), repo: z.string(), branch: z.string().nullable() }),
});

export const challengeAnswer = z.strictObject({
  /** 32 random bytes, hex: goes into the attestation the worker signs. */
  nonce: hex32,
  expiresAt: z.iso.datetime(),
  ttlMs: z.number(),
});

export const decryptBody = z.strictObject({ attestation: z.unknown(), ticket: z.unknown().optional() });

/** The secrets sealed to the worker's one-time key, base64 (opened by keystore/envelope/sealedSecrets.ts). */
export const decryptAnswer = z.strictObject({
  sealed: z
    .string()
    .min(1)
    .max(1024 * 1024),
});

export type ScopePublicKeyAnswer = z.infer<typeof scopePublicKeyAnswer>;
