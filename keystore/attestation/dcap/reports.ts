/**
 * The two report bodies a DCAP quote carries: the SGX enclave report (384 bytes; also the QE's
 * own report) and the TDX TD report (TD 1.0: 584 bytes; TD 1.5 adds 64). Field offsets follow
 * Intel's "TDX DCAP Quote Generation Library and Quote Verification Library" data structures.
 */
export interface EnclaveReport {
  raw: Uint8Array;
  cpuSvn: Uint8Array;
  miscSelect: number;
  attributes: Uint8Array;
  mrEnclave: Uint8Array;
  mrSigner: Uint8Array;
  isvProdId: number;
  isvSvn: number;
  reportData: Uint8Array;
}

export interface TdReport {
  raw: Uint8Array;
  teeTcbSvn: Uint8Array;
  mrSeam: Uint8Array;
  mrSignerSeam: Uint8Array;
  seamAttributes: Uint8Array;
  tdAttributes: Uint8Array;
  xfam: Uint8Array;
  mrTd: Uint8Array;
  mrConfigId: Uint8Array;
  mrOwner: Uint8Array;
  mrOwnerConfig: Uint8Array;
  rtmrs: [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  reportData: Uint8Array;
}

export const ENCLAVE_REPORT_SIZE = 384;
export const TD10_REPORT_SIZE = 584;
export const TD15_REPORT_SIZE = 648;

const u16 = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8);

export function parseEnclaveReport(raw: Uint8Array): EnclaveReport {
  return {
    raw,
    cpuSvn: raw.subarray(0, 16),
    miscSelect: (raw[16]! | (raw[17]! << 8) | (raw[18]! << 16)) + raw[19]! * 0x1000000,
    attributes: raw.subarray(48, 64),
    mrEnclave: raw.subarray(64, 96),
    mrSigner: raw.subarray(128, 160),
    isvProdId: u16(raw, 256),
    isvSvn: u16(raw, 258),
    reportData: raw.subarray(320, 384),
  };
}

export function parseTdReport(raw: Uint8Array): TdReport {
  const at = (o: number, n: number) => raw.subarray(o, o + n);
  return {
    raw,
    teeTcbSvn: at(0, 16),
    mrSeam: at(16, 48),
    mrSignerSeam: at(64, 48),
    seamAttributes: at(112, 8),
    tdAttributes: at(120, 8),
    xfam: at(128, 8),
    mrTd: at(136, 48),
    mrConfigId: at(184, 48),
    mrOwner: at(232, 48),
    mrOwnerConfig: at(280, 48),
    rtmrs: [at(328, 48), at(376, 48), at(424, 48), at(472, 48)],
    reportData: at(520, 64),
  };
}
