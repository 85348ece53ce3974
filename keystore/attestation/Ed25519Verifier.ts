/**
 * Attestation type `ed25519`: the worker proves possession of a key registered on the contract.
 * Checks, cheapest first: the signature over the canonical claims (noble ed25519, strict), then the
 * registry read from the trusted contract (key registered, same account, registered attestation
 * kind equal to the attestation's type, status active, stake > 0, registered measurement equal to
 * the claimed one), then the claimed measurement on the keystore's
 * allowlist. A failed chain read is KEYSTORE__CHAIN_READ_FAILED (a denial). It does not prove what
 * code runs on the worker — a TEE quote type will.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { utils as nearUtils } from 'near-api-js';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { tryHexToBytes } from '../envelope/bytes.ts';
import type { TrustedChains } from '../service/TrustedChains.ts';
import { attestationSigningBytes, type Attestation } from './attestationMessage.ts';
import type { AttestationVerifier, VerifiedWorker } from './AttestationVerifier.ts';

function invalid(reason: string): ErrandError {
  return new ErrandError('KEYSTORE__ATTESTATION_INVALID', `attestation rejected: ${reason}`, { reason });
}

function decodeNearPublicKey(text: string): Uint8Array {
  try {
    const data = nearUtils.PublicKey.fromString(text).data;
    if (data.length !== 32) throw new Error('length');
    return data;
  } catch {
    throw invalid('worker public key is not a valid ed25519 key');
  }
}

export interface Ed25519VerifierOptions {
  chains: TrustedChains;
  /** Lowercase hex measurements of worker builds this keystore releases secrets to. */
  measurementAllowlist: ReadonlySet<string>;
}

export class Ed25519Verifier implements AttestationVerifier {
  readonly type = 'ed25519' as const;
  readonly #options: Ed25519VerifierOptions;

  constructor(options: Ed25519VerifierOptions) {
    this.#options = options;
  }

  async verify(a: Attestation, signal?: AbortSignal): Promise<VerifiedWorker> {
    const signature = tryHexToBytes(a.signature, 64);
    if (signature === null) throw invalid('signature must be 64 bytes of hex');
    const publicKey = decodeNearPublicKey(a.workerPublicKey);
    let ok = false;
    try {
      ok = ed25519.verify(signature, attestationSigningBytes(a), publicKey);
    } catch {
      ok = false;
    }
    if (!ok) throw invalid('signature does not verify');

    const reader = this.#options.chains.readerFor(a.requestRef.chain, a.requestRef.contractId);
    let worker;
    try {
      worker = await reader.getWorkerByKey(a.requestRef.contractId, a.workerPublicKey, signal, a.workerAccount);
    } catch (e) {
      throw new ErrandError(
        'KEYSTORE__CHAIN_READ_FAILED',
        `worker registry read failed (${isErrandError(e) ? e.code : 'error'})`,
        {
          operation: 'getWorkerByKey',
        },
        { cause: e },
      );
    }
    if (!worker) {
      throw new ErrandError('KEYSTORE__WORKER_NOT_REGISTERED', 'worker key is not registered on the contract', { publicKey: a.workerPublicKey });
    }
    if (worker.accountId !== a.workerAccount) throw invalid('worker key is registered to a different account');
    if (worker.attestationKind !== a.type) {
      throw new ErrandError('KEYSTORE__ATTESTATION_KIND_MISMATCH', `worker registered as ${worker.attestationKind} but presented a ${a.type} attestation`, {
        registered: worker.attestationKind,
        presented: a.type,
      });
    }
    let stake: bigint;
    try {
      stake = BigInt(worker.stake);
    } catch {
      stake = 0n;
    }
    if (worker.status !== 'active' || stake <= 0n) {
      throw new ErrandError('KEYSTORE__WORKER_INACTIVE', `worker is ${worker.status} with stake ${worker.stake}`, {
        status: worker.status,
        stake: worker.stake,
      });
    }
    if (worker.measurement.toLowerCase() !== a.measurement || !this.#options.measurementAllowlist.has(a.measurement)) {
      throw new ErrandError('KEYSTORE__MEASUREMENT_NOT_ALLOWED', 'worker measurement is not on the allowlist or differs from the registered one', {
        measurement: a.measurement,
      });
    }
    return { accountId: worker.accountId, publicKey: a.workerPublicKey, measurement: a.measurement, type: 'ed25519' };
  }
}
