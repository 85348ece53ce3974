/**
 * Attestation type `tdx`: an Intel TDX DCAP quote (v4/v5) verified on node:crypto against
 * collateral from a CollateralProvider, then bound to the attestation (TeeWorkerChecks). The
 * platform half of a verification is cached per attestation key + QE evidence (a worker session)
 * for at most `sessionTtlMs`, and never past the collateral's earliest expiry.
 */
import { createHash, type X509Certificate } from 'node:crypto';
import type { TrustedChains } from '../service/TrustedChains.ts';
import type { Attestation } from './attestationMessage.ts';
import type { AttestationVerifier, VerifiedWorker } from './AttestationVerifier.ts';
import type { CollateralProvider } from './collateral/CollateralProvider.ts';
import { parsePemChain } from './dcap/certChain.ts';
import { certificateFields } from './der/index.ts';
import { parseDcapQuote, type DcapQuote } from './dcap/parseQuote.ts';
import { pckExtensions } from './dcap/pckExtensions.ts';
import type { TcbStatus } from './dcap/tcbInfoSchema.ts';
import { trustCollateral, trustPlatform, verifyQuoteOnPlatform, type DcapPolicy, type DcapResult } from './dcap/verifyDcapQuote.ts';
import type { TrustedCollateral } from './dcap/verifyCollateral.ts';
import type { VerifiedPlatform } from './dcap/verifyPlatform.ts';
import { refuse } from './refusal.ts';
import { TeeSessionCache } from './TeeSessionCache.ts';
import { TeeWorkerChecks, decodeEvidence } from './teeWorkerChecks.ts';

export interface TdxVerifierOptions {
  chains: TrustedChains;
  collateral: CollateralProvider;
  /** Allowed MRTD||RTMR0..3 (480 lowercase hex characters each). */
  measurementAllowlist: ReadonlySet<string>;
  /** Default: UpToDate. */
  acceptedStatuses?: ReadonlySet<TcbStatus>;
  allowDebug?: boolean;
  /** Default: the pinned Intel SGX Root CA. */
  trustedRoots?: readonly X509Certificate[];
  now?: () => Date;
  /** How long a verified platform is reused at most (default 1 hour), so newly published CRLs and
   * TCB info apply within that time even when the collateral in hand is valid for weeks. */
  sessionTtlMs?: number;
}

/** What the quote says its FMSPC and PCK CA are — used only to pick collateral, which is then verified. */
function collateralSelector(q: DcapQuote): { fmspc: string; pckCa: 'platform' | 'processor' } {
  try {
    const [leaf, ca] = parsePemChain(q.pckChainPem, q.kind, 'PCK_CHAIN_INVALID');
    return { fmspc: pckExtensions(certificateFields(leaf!.raw).extensions).fmspc, pckCa: /Processor/i.test(ca!.subject) ? 'processor' : 'platform' };
  } catch {
    throw refuse(q.kind, 'PCK_CHAIN_INVALID', 'PCK certificate unreadable');
  }
}

export class TdxVerifier implements AttestationVerifier {
  readonly type = 'tdx' as const;
  readonly #o: TdxVerifierOptions;
  readonly #checks: TeeWorkerChecks;
  readonly #sessions = new TeeSessionCache<{ col: TrustedCollateral; platform: VerifiedPlatform }>();

  constructor(options: TdxVerifierOptions) {
    this.#o = options;
    this.#checks = new TeeWorkerChecks(options.chains, options.measurementAllowlist);
  }

  /** Verifies a quote's bytes (with the session cache); exported for the bench and the CLI's library use. */
  async verifyQuote(bytes: Uint8Array, signal?: AbortSignal): Promise<DcapResult> {
    const q = parseDcapQuote(bytes);
    if (q.kind !== 'tdx') throw refuse('tdx', 'QUOTE_VERSION_UNSUPPORTED', 'not a TDX quote');
    const policy: DcapPolicy = {
      now: this.#o.now?.() ?? new Date(),
      ...(this.#o.trustedRoots && { trustedRoots: this.#o.trustedRoots }),
      ...(this.#o.acceptedStatuses && { acceptedStatuses: this.#o.acceptedStatuses }),
      allowDebug: this.#o.allowDebug ?? false,
    };
    const key = createHash('sha256').update(q.platformEvidence).digest('hex');
    let session = this.#sessions.get(key, policy.now);
    if (!session) {
      const { fmspc, pckCa } = collateralSelector(q);
      const col = trustCollateral(q, await this.#o.collateral.collateralFor('tdx', fmspc, pckCa, signal), policy);
      const platform = trustPlatform(q, col, policy);
      session = { col, platform };
      const ttlEnd = policy.now.getTime() + (this.#o.sessionTtlMs ?? 3_600_000);
      this.#sessions.set(key, session, new Date(Math.min(ttlEnd, platform.expiresAt.getTime())));
    }
    return verifyQuoteOnPlatform(q, session.col, session.platform, policy);
  }

  async verify(a: Attestation, signal?: AbortSignal): Promise<VerifiedWorker> {
    const result = await this.verifyQuote(decodeEvidence(a.quote, 'quote'), signal);
    return this.#checks.check('tdx', a, result, signal);
  }
}
