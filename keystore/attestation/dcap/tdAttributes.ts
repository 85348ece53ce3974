/**
 * The workload attribute policy: a TD must not be debuggable (TUD bit 0), must have
 * SEPT_VE_DISABLE (bit 28) set, and no reserved bit set (TUD bits 1-7, SEC bits 8-27 and 29,
 * OTHER bits 32-62 except PKS 30, KL 31 and PERFMON 63 — Intel TDX module ABI). An SGX enclave
 * must not be a debug enclave (ATTRIBUTES bit 1). `allowDebug` is for operators' test setups only.
 */
import { refuse } from '../refusal.ts';
import type { EnclaveReport, TdReport } from './reports.ts';

const DEBUG = 1n << 0n;
const SEPT_VE_DISABLE = 1n << 28n;
const ALLOWED = DEBUG | SEPT_VE_DISABLE | (1n << 30n) | (1n << 31n) | (1n << 63n);

export function checkTdAttributes(td: TdReport, allowDebug: boolean): void {
  const attrs = Buffer.from(td.tdAttributes).readBigUInt64LE(0);
  if (attrs & ~ALLOWED) throw refuse('tdx', 'TD_ATTRIBUTES_RESERVED', `0x${attrs.toString(16)}`);
  if (attrs & DEBUG && !allowDebug) throw refuse('tdx', 'TD_DEBUG');
  if (!(attrs & SEPT_VE_DISABLE)) throw refuse('tdx', 'TD_SEPT_VE_DISABLE_OFF');
}

export function checkEnclaveAttributes(report: EnclaveReport, allowDebug: boolean): void {
  if (report.attributes[0]! & 0x02 && !allowDebug) throw refuse('sgx', 'SGX_DEBUG');
}
