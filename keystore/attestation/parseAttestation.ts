/**
 * The trust boundary for an attestation arriving over HTTP: checks every field's type, length and
 * alphabet (zod, strict: unknown fields refused) before anything is decoded or verified. Any
 * malformation is KEYSTORE__ATTESTATION_INVALID with the list of issues; it never throws anything
 * uncoded, whatever the input.
 */
import { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';
import { parseWith } from '../../common/parseWith.ts';
import { CHAINS } from '../../common/types/index.ts';
import { ATTESTATION_TYPES, type Attestation } from './attestationMessage.ts';

const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[\x21-\x7e]+$/);
const hex = (bytes: number) =>
  z
    .string()
    .length(bytes * 2)
    .regex(/^[0-9a-f]+$/, 'lowercase hex');

export const attestationSchema = z
  .object({
    type: z.enum(ATTESTATION_TYPES),
    workerAccount: printable(128),
    workerPublicKey: z.string().regex(/^ed25519:[1-9A-HJ-NP-Za-km-z]{32,44}$/, 'ed25519:<base58>'),
    measurement: z
      .string()
      .min(64)
      .max(128)
      .regex(/^(?:[0-9a-f]{2})+$/, 'lowercase hex, 64-128 characters'),
    requestRef: z.object({ chain: z.enum(CHAINS), contractId: printable(128), requestId: printable(128) }).strict(),
    nonce: hex(32),
    oneTimePublicKey: hex(32),
    signature: z
      .string()
      .max(128)
      .regex(/^(?:[0-9a-f]{2})*$/, 'lowercase hex'),
    quote: z
      .string()
      .max(32 * 1024)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')
      .optional(),
    vcek: z
      .string()
      .max(8 * 1024)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')
      .optional(),
  })
  .strict();

export function parseAttestation(value: unknown): Attestation {
  return parseWith(
    attestationSchema,
    value,
    (issues) => new ErrandError('KEYSTORE__ATTESTATION_INVALID', `invalid attestation: ${issues.join('; ')}`, { reason: issues.join('; ') }),
  ) as Attestation;
}
