/**
 * Secrets on their way from the keystore to one worker: the same envelope construction, encrypted
 * to the worker's one-time X25519 key, with associated data binding the request and the challenge
 * nonce (so a sealed response cannot be replayed for another request or exchange). The worker
 * opens it in memory and drops the one-time key. Pure.
 */
import type { Brand, RequestRef } from '../../common/types/index.ts';
import { ErrandError } from '../../common/errors/index.ts';
import { openEnvelope, parseEnvelope, sealEnvelope } from './envelope.ts';
import { decodeSecrets, encodeSecrets, type SecretsMap } from './secretsPlaintext.ts';
import { sealedAssociatedData } from './scope.ts';

/** A base64 envelope of secrets sealed to a worker's one-time key. */
export type SealedSecrets = Brand<string, 'SealedSecrets'>;

export function assertSealedSecrets(value: unknown): asserts value is SealedSecrets {
  parseEnvelope(value); // shape only; authenticity is checked when opened
}

export function sealSecretsForWorker(oneTimePublicKey: Uint8Array, ref: RequestRef, nonceHex: string, secrets: SecretsMap): SealedSecrets {
  return sealEnvelope(oneTimePublicKey, sealedAssociatedData(ref, nonceHex), encodeSecrets(secrets)) as string as SealedSecrets;
}

export function openSealedSecrets(sealed: unknown, oneTimeSecretKey: Uint8Array, oneTimePublicKey: Uint8Array, ref: RequestRef, nonceHex: string): SecretsMap {
  const envelope = parseEnvelope(sealed);
  const plaintext = openEnvelope(envelope, oneTimeSecretKey, oneTimePublicKey, sealedAssociatedData(ref, nonceHex));
  try {
    return decodeSecrets(plaintext);
  } catch (e) {
    throw new ErrandError('KEYSTORE__DECRYPT_FAILED', 'sealed secrets did not decode', { reason: 'plaintext' }, { cause: e });
  } finally {
    plaintext.fill(0);
  }
}
