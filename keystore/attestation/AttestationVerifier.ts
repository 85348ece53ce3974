/**
 * The verifier interface, keyed by attestation type. Every type goes through the same door:
 * `ed25519` (Ed25519Verifier), `tdx` (TdxVerifier), `sev-snp` (SnpVerifier), `none` (only with the
 * insecure dev flag; otherwise coded disabled). UnsupportedAttestationVerifier answers a coded
 * "unsupported" for a type a keystore chooses not to verify.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { Attestation, AttestationType } from './attestationMessage.ts';

/** What a successful verification establishes about the caller. */
export interface VerifiedWorker {
  accountId: string;
  publicKey: string;
  measurement: string;
  type: AttestationType;
}

export interface AttestationVerifier {
  readonly type: AttestationType;
  verify(attestation: Attestation, signal?: AbortSignal): Promise<VerifiedWorker>;
}

export class UnsupportedAttestationVerifier implements AttestationVerifier {
  readonly type: AttestationType;
  constructor(type: AttestationType) {
    this.type = type;
  }
  verify(): Promise<VerifiedWorker> {
    return Promise.reject(new ErrandError('KEYSTORE__UNSUPPORTED_ATTESTATION', `attestation type ${this.type} is not supported yet`, { type: this.type }));
  }
}

/** Type `none`: accepts the claims as stated. Only registered when the keystore runs with the insecure dev flag. */
export class InsecureNoneVerifier implements AttestationVerifier {
  readonly type = 'none' as const;
  verify(a: Attestation): Promise<VerifiedWorker> {
    return Promise.resolve({ accountId: a.workerAccount, publicKey: a.workerPublicKey, measurement: a.measurement, type: 'none' });
  }
}

export class DisabledNoneVerifier implements AttestationVerifier {
  readonly type = 'none' as const;
  verify(): Promise<VerifiedWorker> {
    return Promise.reject(
      new ErrandError('KEYSTORE__INSECURE_ATTESTATION_DISABLED', 'attestation type none needs a keystore started with --insecure-dev-attestation', {
        type: 'none',
      }),
    );
  }
}
