/**
 * Attestation type `sev-snp`: an AMD SEV-SNP report and its VCEK (both carried in the
 * attestation), verified against the pinned AMD roots, then bound to the attestation
 * (TeeWorkerChecks). A VCEK's chain verification is cached per VCEK until it expires.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { TrustedChains } from '../service/TrustedChains.ts';
import type { Attestation } from './attestationMessage.ts';
import type { AttestationVerifier, VerifiedWorker } from './AttestationVerifier.ts';
import { refuse } from './refusal.ts';
import type { AMD_ROOTS } from './snp/amdRoots.ts';
import { parseSnpReport } from './snp/parseSnpReport.ts';
import type { VcekInfo } from './snp/vcekExtensions.ts';
import { verifyReportWithVcek, verifyVcek, type SnpResult } from './snp/verifySnpReport.ts';
import { TeeSessionCache } from './TeeSessionCache.ts';
import { TeeWorkerChecks, decodeEvidence } from './teeWorkerChecks.ts';

export interface SnpVerifierOptions {
  chains: TrustedChains;
  /** Allowed MEASUREMENTs (96 lowercase hex characters each). */
  measurementAllowlist: ReadonlySet<string>;
  allowDebug?: boolean;
  now?: () => Date;
  /** Tests only: pinned ASK/ARK per product other than AMD's. */
  roots?: typeof AMD_ROOTS;
}

export class SnpVerifier implements AttestationVerifier {
  readonly type = 'sev-snp' as const;
  readonly #o: SnpVerifierOptions;
  readonly #checks: TeeWorkerChecks;
  readonly #vceks = new TeeSessionCache<{ vcek: X509Certificate; info: VcekInfo }>();

  constructor(options: SnpVerifierOptions) {
    this.#o = options;
    this.#checks = new TeeWorkerChecks(options.chains, options.measurementAllowlist);
  }

  verifyReport(report: Uint8Array, vcekDer: Uint8Array): SnpResult {
    const policy = { now: this.#o.now?.() ?? new Date(), allowDebug: this.#o.allowDebug ?? false, ...(this.#o.roots && { roots: this.#o.roots }) };
    const parsed = parseSnpReport(report);
    const key = createHash('sha256').update(vcekDer).digest('hex');
    let entry = this.#vceks.get(key, policy.now);
    if (!entry) {
      let vcek: X509Certificate;
      try {
        vcek = new X509Certificate(vcekDer);
      } catch {
        throw refuse('sev-snp', 'SNP_CHAIN_INVALID', 'VCEK does not parse');
      }
      entry = { vcek, info: verifyVcek(vcek, policy) };
      this.#vceks.set(key, entry, new Date(vcek.validTo));
    }
    return verifyReportWithVcek(parsed, entry.vcek, entry.info, policy);
  }

  async verify(a: Attestation, signal?: AbortSignal): Promise<VerifiedWorker> {
    const report = decodeEvidence(a.quote, 'report');
    parseSnpReport(report); // a malformed report is refused as such before the VCEK is looked at
    const result = this.verifyReport(report, decodeEvidence(a.vcek, 'VCEK'));
    return this.#checks.check('sev-snp', a, result, signal);
  }
}
