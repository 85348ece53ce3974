/**
 * DCAP collateral as this keystore consumes it: the JSON shape of dcap-qvl's `QuoteCollateralV3`
 * (also what `errand attest verify --collateral` reads and what the PCS provider assembles):
 * issuer chains as PEM, CRLs and signatures as hex, TCB info and QE identity as the exact JSON
 * text Intel signed. Parsing checks shape only; verifyCollateral checks signatures and dates.
 */
import { z } from 'zod';
import { refuse, type QuoteKind } from '../refusal.ts';

const hexBytes = z
  .string()
  .regex(/^(?:[0-9a-fA-F]{2})+$/)
  .max(2_000_000);
const pem = z
  .string()
  .min(1)
  .max(64 * 1024);

export const dcapCollateralSchema = z.object({
  pck_crl_issuer_chain: pem,
  root_ca_crl: hexBytes,
  pck_crl: hexBytes,
  tcb_info_issuer_chain: pem,
  tcb_info: z
    .string()
    .min(2)
    .max(256 * 1024),
  tcb_info_signature: hexBytes,
  qe_identity_issuer_chain: pem,
  qe_identity: z
    .string()
    .min(2)
    .max(64 * 1024),
  qe_identity_signature: hexBytes,
});
export type DcapCollateralJson = z.infer<typeof dcapCollateralSchema>;

export interface DcapCollateral {
  rootCaCrl: Uint8Array;
  pckCrl: Uint8Array;
  tcbInfoIssuerChain: string;
  tcbInfoText: string;
  tcbInfoSignature: Uint8Array;
  qeIdentityIssuerChain: string;
  qeIdentityText: string;
  qeIdentitySignature: Uint8Array;
}

export function parseDcapCollateral(value: unknown, kind: QuoteKind = 'tdx'): DcapCollateral {
  const parsed = dcapCollateralSchema.safeParse(value);
  if (!parsed.success) throw refuse(kind, 'COLLATERAL_MALFORMED', parsed.error.issues.map((i) => i.path.join('.')).join(', '));
  const c = parsed.data;
  const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
  return {
    rootCaCrl: hex(c.root_ca_crl),
    pckCrl: hex(c.pck_crl),
    tcbInfoIssuerChain: c.tcb_info_issuer_chain,
    tcbInfoText: c.tcb_info,
    tcbInfoSignature: hex(c.tcb_info_signature),
    qeIdentityIssuerChain: c.qe_identity_issuer_chain,
    qeIdentityText: c.qe_identity,
    qeIdentitySignature: hex(c.qe_identity_signature),
  };
}
