/**
 * The claim ticket: the coordinator's signed statement that a worker holds a request's execute
 * lease, for a short while. The worker hands it to the keystore with its attestation; the keystore
 * checks it with the coordinator's public key (configured, never fetched) in addition to the
 * attestation and its own chain reads, so neither a rogue worker (no ticket for a request it does
 * not hold) nor a rogue coordinator (no attestation by a registered worker key) alone gets a
 * secret. The ticket binds the worker's registered public key, the request (chain, contract, id),
 * the job and an expiry. Shared by the coordinator (signs), the worker (carries) and the keystore
 * (verifies); pure.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { CHAINS, type ChainId } from '../types/index.ts';

export interface ClaimTicketClaims {
  v: 1;
  workerId: string;
  /** `ed25519:<base58>`, the key the worker attests with (registered on the contract). */
  workerPublicKey: string;
  chain: ChainId;
  contractId: string;
  requestId: string;
  jobId: string;
  /** Unix milliseconds. */
  expiresAt: number;
}

export interface ClaimTicket {
  claims: ClaimTicketClaims;
  /** ed25519 signature, 128 hex, over claimTicketSigningBytes(claims). */
  signature: string;
}

/** The longest a ticket may live, whatever the coordinator signed: a verifier refuses longer ones. */
export const MAX_TICKET_LIFETIME_MS = 10 * 60_000;

const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/);

export const claimTicketSchema = z
  .object({
    claims: z
      .object({
        v: z.literal(1),
        workerId: printable(128),
        workerPublicKey: z.string().regex(/^ed25519:[1-9A-HJ-NP-Za-km-z]{32,44}$/),
        chain: z.enum(CHAINS),
        contractId: printable(128),
        requestId: printable(128),
        jobId: printable(64),
        expiresAt: z.number().int().nonnegative(),
      })
      .strict(),
    signature: z
      .string()
      .length(128)
      .regex(/^[0-9a-f]+$/),
  })
  .strict();

export function claimTicketSigningBytes(c: ClaimTicketClaims): Uint8Array {
  const fields = [c.v, c.workerId, c.workerPublicKey, c.chain, c.contractId, c.requestId, c.jobId, c.expiresAt];
  return new TextEncoder().encode(`errand/claim-ticket/v1\n${JSON.stringify(fields)}`);
}

/** Hex ed25519 public key <-> bytes (the configured form: 64 lowercase hex). */
export function isTicketPublicKeyHex(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

/** True when `signature` verifies over the claims under `publicKeyHex`. Never throws. */
export function claimTicketSignatureValid(t: ClaimTicket, publicKeyHex: string): boolean {
  try {
    return ed25519.verify(Buffer.from(t.signature, 'hex'), claimTicketSigningBytes(t.claims), Buffer.from(publicKeyHex, 'hex'));
  } catch {
    return false;
  }
}
