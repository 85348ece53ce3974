/**
 * The SGX extension of a PCK certificate (OID 1.2.840.113741.1.13.1): the platform's FMSPC, its
 * 16 SGX TCB component SVNs, PCESVN and CPUSVN, which TCB level matching compares against Intel's
 * TCB info. A PCK certificate without a well-formed extension is refused by the caller.
 */
import { TAG, children, decodeOid, decodeSmallInt, expectTag, readSingle } from '../der/index.ts';

const SGX_EXTENSIONS = '1.2.840.113741.1.13.1';
const TCB = `${SGX_EXTENSIONS}.2`;
const FMSPC = `${SGX_EXTENSIONS}.4`;

export interface PckExtensions {
  fmspc: string;
  sgxTcbComponents: number[];
  pceSvn: number;
  cpuSvn: Uint8Array;
}

export function pckExtensions(extensions: Map<string, Uint8Array>): PckExtensions {
  const value = extensions.get(SGX_EXTENSIONS);
  if (!value) throw new Error('PCK certificate has no SGX extension');
  let fmspc: string | undefined;
  const comps: number[] = new Array<number>(16).fill(-1);
  let pceSvn = -1;
  let cpuSvn: Uint8Array | undefined;
  for (const entry of children(readSingle(value, TAG.SEQUENCE))) {
    const [oidTlv, v] = children(entry);
    const oid = decodeOid(oidTlv!);
    if (oid === FMSPC) fmspc = Buffer.from(expectTag(v, TAG.OCTET_STRING, 'fmspc').value).toString('hex');
    if (oid === TCB) {
      for (const c of children(expectTag(v, TAG.SEQUENCE, 'tcb'))) {
        const [cOid, cVal] = children(c);
        const arc = Number(decodeOid(cOid!).slice(TCB.length + 1));
        if (arc >= 1 && arc <= 16) comps[arc - 1] = decodeSmallInt(cVal!);
        else if (arc === 17) pceSvn = decodeSmallInt(cVal!);
        else if (arc === 18) cpuSvn = expectTag(cVal, TAG.OCTET_STRING, 'cpusvn').value;
      }
    }
  }
  if (!fmspc || fmspc.length !== 12 || comps.includes(-1) || pceSvn < 0 || !cpuSvn) throw new Error('PCK SGX extension is incomplete');
  return { fmspc, sgxTcbComponents: comps, pceSvn, cpuSvn };
}
