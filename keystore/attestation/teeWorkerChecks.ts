/**
 * What every TEE attestation type checks after its quote verified: report_data binds the quote to
 * this attestation's claims; the quote's measurement key is on the operator's allowlist; the
 * claimed (and registered) measurement is that key's digest; then the ed25519 checks (the
 * worker's signature over the same claims, and the registry: key registered to this account,
 * active, staked, registered measurement equal to the claim).
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { TrustedChains } from '../service/TrustedChains.ts';
import type { Attestation } from './attestationMessage.ts';
import type { VerifiedWorker } from './AttestationVerifier.ts';
import { Ed25519Verifier } from './Ed25519Verifier.ts';
import { refuse, type QuoteKind } from './refusal.ts';
import { teeMeasurementDigest, teeMeasurementKey, teeReportData } from './teeBinding.ts';

export function decodeEvidence(value: string | undefined, what: string): Uint8Array {
  if (!value) throw new ErrandError('KEYSTORE__ATTESTATION_INVALID', `attestation rejected: no ${what}`, { reason: `no ${what}` });
  return Buffer.from(value, 'base64');
}

export class TeeWorkerChecks {
  readonly #ed25519: Ed25519Verifier;
  readonly #allowlist: ReadonlySet<string>;

  constructor(chains: TrustedChains, measurementAllowlist: ReadonlySet<string>) {
    this.#allowlist = measurementAllowlist;
    this.#ed25519 = new Ed25519Verifier({ chains, measurementAllowlist: new Set([...measurementAllowlist].map(teeMeasurementDigest)) });
  }

  async check(
    kind: QuoteKind,
    a: Attestation,
    quoted: { reportData: string; measurements: Record<string, string> },
    signal?: AbortSignal,
  ): Promise<VerifiedWorker> {
    if (quoted.reportData !== Buffer.from(teeReportData(a)).toString('hex')) throw refuse(kind, 'REPORT_DATA_MISMATCH');
    const key = teeMeasurementKey(quoted.measurements);
    if (!this.#allowlist.has(key)) {
      throw new ErrandError('KEYSTORE__MEASUREMENT_NOT_ALLOWED', `${kind} measurement is not on the allowlist`, { measurement: key });
    }
    if (a.measurement !== teeMeasurementDigest(key)) {
      throw new ErrandError('KEYSTORE__ATTESTATION_INVALID', "attestation rejected: claimed measurement is not the quote's", { reason: 'measurement claim' });
    }
    const worker = await this.#ed25519.verify(a, signal);
    return { ...worker, type: a.type };
  }
}
