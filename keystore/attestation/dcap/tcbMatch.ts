/**
 * TCB level matching, following Intel's QVL (and dcap-qvl): the first TCB level (in Intel's
 * signed order) whose SGX components and PCESVN the PCK certificate meets — and, for TDX, whose
 * TDX components the TD report's TEE_TCB_SVN meets — gives the platform status; for TDX the
 * module identity (`TDX_<tee_tcb_svn[1]>`: MRSIGNER_SEAM, masked SEAM attributes, ISVSVN levels)
 * is folded in; then the QE identity's level for the QE's ISVSVN. Statuses merge to the worse.
 */
import { refuse, type QuoteKind } from '../refusal.ts';
import type { PckExtensions } from './pckExtensions.ts';
import type { EnclaveReport, TdReport } from './reports.ts';
import type { QeIdentity, TcbInfo, TcbStatus } from './tcbInfoSchema.ts';

export interface StatusWithAdvisories {
  status: TcbStatus;
  advisoryIds: string[];
}

const SEVERITY: Record<TcbStatus, number> = {
  UpToDate: 0,
  SWHardeningNeeded: 1,
  ConfigurationNeeded: 2,
  ConfigurationAndSWHardeningNeeded: 3,
  OutOfDate: 4,
  OutOfDateConfigurationNeeded: 5,
  Revoked: 6,
};

export function mergeStatus(a: StatusWithAdvisories, b: StatusWithAdvisories): StatusWithAdvisories {
  let status = SEVERITY[b.status] > SEVERITY[a.status] ? b.status : a.status;
  // QVL: an out-of-date QE on a platform that needs configuration is "OutOfDateConfigurationNeeded".
  const configuration = (s: TcbStatus) => s === 'ConfigurationNeeded' || s === 'ConfigurationAndSWHardeningNeeded';
  if ((a.status === 'OutOfDate' && configuration(b.status)) || (b.status === 'OutOfDate' && configuration(a.status))) status = 'OutOfDateConfigurationNeeded';
  return { status, advisoryIds: [...new Set([...a.advisoryIds, ...b.advisoryIds])] };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function moduleStatus(info: TcbInfo, td: TdReport): StatusWithAdvisories | null {
  const base = info.tdxModule;
  if (!base) throw refuse('tdx', 'TDX_MODULE_MISMATCH', 'TCB info has no tdxModule');
  const version = td.teeTcbSvn[1]!;
  let expected: { mrsigner: string; attributes: string; attributesMask: string } = base;
  let levels: NonNullable<TcbInfo['tdxModuleIdentities']>[number]['tcbLevels'] | null = null;
  if (version > 0 && info.tdxModuleIdentities && info.tdxModuleIdentities.length > 0) {
    const wanted = `TDX_${version.toString(16).toUpperCase().padStart(2, '0')}`;
    const identity = info.tdxModuleIdentities.find((m) => m.id.toUpperCase() === wanted);
    if (!identity) throw refuse('tdx', 'TDX_MODULE_MISMATCH', `no module identity ${wanted}`);
    expected = identity;
    levels = identity.tcbLevels;
  }
  if (expected.mrsigner.toLowerCase() !== hex(td.mrSignerSeam)) throw refuse('tdx', 'TDX_MODULE_MISMATCH', 'MRSIGNER_SEAM');
  const attrs = Buffer.from(expected.attributes, 'hex');
  const mask = Buffer.from(expected.attributesMask, 'hex');
  for (let i = 0; i < 8; i++) {
    if ((td.seamAttributes[i]! & mask[i]!) !== (attrs[i]! & mask[i]!) || (td.seamAttributes[i]! & ~mask[i]! & 0xff) !== 0) {
      throw refuse('tdx', 'TDX_MODULE_MISMATCH', 'SEAM attributes');
    }
  }
  if (!levels) return null;
  const level = levels.find((l) => td.teeTcbSvn[0]! >= l.tcb.isvsvn);
  if (!level) throw refuse('tdx', 'TCB_LEVEL_NO_MATCH', 'TDX module ISVSVN below every level');
  return { status: level.tcbStatus, advisoryIds: level.advisoryIDs ?? [] };
}

export function matchPlatformTcb(kind: QuoteKind, info: TcbInfo, pck: PckExtensions, td: TdReport | null): StatusWithAdvisories {
  if (info.fmspc.toLowerCase() !== pck.fmspc) throw refuse(kind, 'FMSPC_MISMATCH', `${info.fmspc} vs ${pck.fmspc}`);
  if (kind === 'tdx' ? info.id !== 'TDX' || info.version < 3 : info.id !== 'SGX' || info.version < 2) {
    throw refuse(kind, 'COLLATERAL_MALFORMED', `TCB info ${info.id} v${info.version} for a ${kind} quote`);
  }
  for (const level of info.tcbLevels) {
    if (pck.pceSvn < level.pceSvn || level.sgx.some((svn, i) => pck.sgxTcbComponents[i]! < svn)) continue;
    if (td) {
      if (!level.tdx) throw refuse(kind, 'COLLATERAL_MALFORMED', 'TDX TCB level without tdxtcbcomponents');
      if (level.tdx.some((svn, i) => td.teeTcbSvn[i]! < svn)) continue;
    }
    let result: StatusWithAdvisories = { status: level.status, advisoryIds: level.advisoryIds };
    if (td) {
      const mod = moduleStatus(info, td);
      if (mod) result = mergeStatus(result, mod);
    }
    return result;
  }
  throw refuse(kind, 'TCB_LEVEL_NO_MATCH');
}

export function matchQeIdentity(kind: QuoteKind, identity: QeIdentity, qe: EnclaveReport): StatusWithAdvisories {
  const expectedId = kind === 'tdx' ? 'TD_QE' : 'QE';
  if (identity.id !== expectedId) throw refuse(kind, 'QE_IDENTITY_MISMATCH', `identity ${identity.id} for a ${kind} quote`);
  if (identity.mrsigner.toLowerCase() !== hex(qe.mrSigner)) throw refuse(kind, 'QE_IDENTITY_MISMATCH', 'MRSIGNER');
  if (identity.isvprodid !== qe.isvProdId) throw refuse(kind, 'QE_IDENTITY_MISMATCH', 'ISVPRODID');
  if (qe.attributes[0]! & 0x02) throw refuse(kind, 'QE_IDENTITY_MISMATCH', 'debug QE');
  const misc = Buffer.from(identity.miscselect, 'hex').readUInt32LE(0);
  const miscMask = Buffer.from(identity.miscselectMask, 'hex').readUInt32LE(0);
  if ((qe.miscSelect & miscMask) >>> 0 !== (misc & miscMask) >>> 0) throw refuse(kind, 'QE_IDENTITY_MISMATCH', 'MISCSELECT');
  const attrs = Buffer.from(identity.attributes, 'hex');
  const mask = Buffer.from(identity.attributesMask, 'hex');
  for (let i = 0; i < 16; i++) {
    if ((qe.attributes[i]! & mask[i]!) !== (attrs[i]! & mask[i]!)) throw refuse(kind, 'QE_IDENTITY_MISMATCH', 'ATTRIBUTES');
  }
  const level = identity.tcbLevels.find((l) => qe.isvSvn >= l.tcb.isvsvn);
  if (!level) throw refuse(kind, 'QE_TCB_NO_MATCH');
  return { status: level.tcbStatus, advisoryIds: level.advisoryIDs ?? [] };
}
