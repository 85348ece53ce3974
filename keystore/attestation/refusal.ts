/**
 * Why a hardware quote or report was refused: one reason per check, so an operator (and a test)
 * can tell a bad signature from a stale CRL from a debug guest. Every refusal travels as
 * KEYSTORE__QUOTE_REFUSED with `{kind, reason}`; `errand attest verify` prints the reason as its
 * verdict.
 */
import { ErrandError } from '../../common/errors/index.ts';

export const REFUSAL_REASONS = [
  'QUOTE_MALFORMED',
  'QUOTE_VERSION_UNSUPPORTED',
  'QUOTE_SIGNATURE_INVALID',
  'QE_REPORT_SIGNATURE_INVALID',
  'QE_REPORT_DATA_MISMATCH',
  'QE_IDENTITY_MISMATCH',
  'QE_TCB_NO_MATCH',
  'QE_IDENTITY_SIGNATURE_INVALID',
  'QE_IDENTITY_EXPIRED',
  'PCK_CHAIN_INVALID',
  'CERT_EXPIRED',
  'ROOT_NOT_TRUSTED',
  'CERT_REVOKED',
  'CRL_MALFORMED',
  'CRL_ISSUER_MISMATCH',
  'CRL_SIGNATURE_INVALID',
  'CRL_EXPIRED',
  'CRL_NOT_YET_VALID',
  'COLLATERAL_MALFORMED',
  'TCB_INFO_SIGNATURE_INVALID',
  'TCB_INFO_EXPIRED',
  'FMSPC_MISMATCH',
  'TCB_LEVEL_NO_MATCH',
  'TCB_STATUS_NOT_ACCEPTED',
  'TDX_MODULE_MISMATCH',
  'TD_DEBUG',
  'TD_SEPT_VE_DISABLE_OFF',
  'TD_ATTRIBUTES_RESERVED',
  'SGX_DEBUG',
  'REPORT_DATA_MISMATCH',
  'MEASUREMENT_NOT_ALLOWED',
  'SNP_CHAIN_INVALID',
  'SNP_SIGNATURE_INVALID',
  'SNP_CHIP_ID_MISMATCH',
  'SNP_TCB_MISMATCH',
  'SNP_DEBUG',
  'SNP_POLICY_INVALID',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type QuoteKind = 'tdx' | 'sgx' | 'sev-snp';

export function refuse(kind: QuoteKind, reason: RefusalReason, detail?: string): ErrandError<'KEYSTORE__QUOTE_REFUSED'> {
  return new ErrandError('KEYSTORE__QUOTE_REFUSED', `${kind} attestation refused: ${reason}${detail ? ` (${detail})` : ''}`, { kind, reason });
}
