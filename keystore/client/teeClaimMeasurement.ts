/**
 * The `measurement` a TEE worker claims (and registers on-chain): the digest of the measurement
 * key in its own quote (teeBinding.ts). Read from a probe quote the worker asks its TEE for once;
 * the keystore recomputes it from every quote it verifies, so a wrong claim is only refused.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { measurementsOf } from '../attestation/dcap/verifyDcapQuote.ts';
import { parseDcapQuote } from '../attestation/dcap/parseQuote.ts';
import { parseSnpReport } from '../attestation/snp/parseSnpReport.ts';
import { teeMeasurementDigest, teeMeasurementKey } from '../attestation/teeBinding.ts';
import type { TeeEvidence } from './QuoteProvider.ts';

export function teeMeasurementKeyOf(e: TeeEvidence): string {
  try {
    if (e.kind === 'sev-snp') return Buffer.from(parseSnpReport(e.quote).measurement).toString('hex');
    return teeMeasurementKey(measurementsOf(parseDcapQuote(e.quote)));
  } catch (cause) {
    throw new ErrandError(
      'WORKER__QUOTE_UNAVAILABLE',
      'the TEE returned a quote this worker cannot read',
      { source: e.kind, reason: 'unreadable quote' },
      { cause },
    );
  }
}

export function teeClaimMeasurement(e: TeeEvidence): string {
  return teeMeasurementDigest(teeMeasurementKeyOf(e));
}
