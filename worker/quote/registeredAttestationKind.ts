/**
 * The attestation kind a worker registers with on the chain (register_worker's attestation_kind),
 * which the keystore then requires of its attestations: `ed25519` without a quote source
 * (ERRAND_WORKER_ATTESTATION=ed25519), otherwise the kind of the TEE's own quote (configfs-tsm or
 * dstack: `tdx` or `sev-snp`), read from one probe quote.
 */
import type { WorkerAttestationKind } from '../../common/ports/index.ts';
import type { QuoteProvider, TeeEvidence } from '../../keystore/client/QuoteProvider.ts';

export function attestationKindOf(evidence: TeeEvidence | undefined): WorkerAttestationKind {
  return evidence ? evidence.kind : 'ed25519';
}

export async function registeredAttestationKind(quotes: QuoteProvider | undefined, signal?: AbortSignal): Promise<WorkerAttestationKind> {
  return attestationKindOf(quotes ? await quotes.quote(new Uint8Array(64), signal) : undefined);
}
