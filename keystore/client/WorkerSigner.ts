/**
 * Key material of a worker, behind an interface: the provider asks for signatures and the public
 * key, never for the secret key. `NearKeyPairSigner` wraps a NEAR ed25519 KeyPair (the same key the
 * worker registered on the contract and signs resolve_execution with).
 */
import { KeyPair } from 'near-api-js';
import { ErrandError } from '../../common/errors/index.ts';

export interface WorkerSigner {
  /** `ed25519:<base58>`, as registered on the contract. */
  readonly publicKey: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export class NearKeyPairSigner implements WorkerSigner {
  readonly publicKey: string;
  readonly #keyPair: ReturnType<typeof KeyPair.fromString>;

  /** `secretKey` is NEAR's `ed25519:<base58 of the 64-byte secret>` form. */
  constructor(secretKey: string) {
    let keyPair: ReturnType<typeof KeyPair.fromString>;
    try {
      keyPair = KeyPair.fromString(secretKey as Parameters<typeof KeyPair.fromString>[0]);
    } catch {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', 'worker key is not a NEAR ed25519 secret key', { field: 'workerKey' });
    }
    const publicKey = keyPair.getPublicKey().toString();
    if (!publicKey.startsWith('ed25519:')) {
      throw new ErrandError('COMMON__INVALID_ARGUMENT', 'worker key must be ed25519', { field: 'workerKey' });
    }
    this.#keyPair = keyPair;
    this.publicKey = publicKey;
  }

  sign(message: Uint8Array): Promise<Uint8Array> {
    return Promise.resolve(this.#keyPair.sign(message).signature);
  }

  /** Keeps the secret out of util.inspect / console.log / JSON of the signer. */
  toJSON(): { publicKey: string } {
    return { publicKey: this.publicKey };
  }
}
