/**
 * The worker-side port for hardware attestation: given the 64 bytes of report_data, return a
 * quote from the TEE the worker runs in (TDX quote, or SEV-SNP report with its VCEK). The
 * implementations (configfs-tsm, dstack guest agent) live in worker/quote/.
 */
export interface TeeEvidence {
  kind: 'tdx' | 'sev-snp';
  quote: Uint8Array;
  /** sev-snp: the VCEK (DER) from the host's certificate table. */
  vcek?: Uint8Array;
}

export interface QuoteProvider {
  readonly source: string;
  quote(reportData: Uint8Array, signal?: AbortSignal): Promise<TeeEvidence>;
}
