/**
 * The coordinator's ticket key, behind an interface: callers get signatures and the public key,
 * never the secret. Loaded from a 32-byte hex seed (COORDINATOR_TICKET_KEY / _FILE), or generated
 * for one run (development: the dev stack hands the public key to its keystore).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from 'node:crypto';
import { ErrandError } from '../errors/index.ts';
import { claimTicketSigningBytes, type ClaimTicket, type ClaimTicketClaims } from './claimTicket.ts';

export class TicketSigner {
  /** 64 lowercase hex: what KEYSTORE_COORDINATOR_PUBLIC_KEY is set to. */
  readonly publicKeyHex: string;
  readonly #seed: Uint8Array;

  private constructor(seed: Uint8Array) {
    this.#seed = seed;
    this.publicKeyHex = Buffer.from(ed25519.getPublicKey(seed)).toString('hex');
  }

  static fromSeedHex(hex: string): TicketSigner {
    const text = hex.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(text)) {
      throw new ErrandError('COMMON__CONFIG_INVALID', 'the coordinator ticket key must be 32 bytes of hex', {
        issues: ['COORDINATOR_TICKET_KEY: 64 hex characters'],
      });
    }
    return new TicketSigner(Uint8Array.from(Buffer.from(text, 'hex')));
  }

  static generate(): TicketSigner {
    return new TicketSigner(Uint8Array.from(randomBytes(32)));
  }

  sign(claims: ClaimTicketClaims): ClaimTicket {
    return { claims, signature: Buffer.from(ed25519.sign(claimTicketSigningBytes(claims), this.#seed)).toString('hex') };
  }

  toJSON(): { publicKeyHex: string } {
    return { publicKeyHex: this.publicKeyHex };
  }
}
