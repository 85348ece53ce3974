/**
 * AMD's VCEK certificate extensions (OID arc 1.3.6.1.4.1.3704.1): the product name, the TCB
 * security patch levels the key was derived for, and the chip's hwID. Turin encodes its TCB with
 * an extra FMC field and a different byte order (AMD VCEK spec, "TCB_VERSION").
 */
import { TAG, decodeSmallInt, readSingle } from '../der/index.ts';
import type { SnpProduct } from './amdRoots.ts';

const ARC = '1.3.6.1.4.1.3704.1';

export interface VcekInfo {
  product: SnpProduct;
  /** The TCB as the report's 8-byte REPORTED_TCB encodes it. */
  tcb: Uint8Array;
  hwId: Uint8Array;
}

function int(ext: Map<string, Uint8Array>, sub: string): number {
  const v = ext.get(`${ARC}.3.${sub}`);
  if (!v) throw new Error(`VCEK lacks TCB extension ${sub}`);
  const n = decodeSmallInt(readSingle(v, TAG.INTEGER));
  if (n > 255) throw new Error('TCB value out of range');
  return n;
}

export function vcekInfo(ext: Map<string, Uint8Array>): VcekInfo {
  const productRaw = ext.get(`${ARC}.2`);
  if (!productRaw) throw new Error('VCEK lacks a product name');
  const name = Buffer.from(readSingle(productRaw, TAG.IA5_STRING).value).toString('latin1');
  const product = (['Milan', 'Genoa', 'Turin'] as const).find((p) => name === p || name.startsWith(`${p}-`));
  if (!product) throw new Error(`unknown product ${name}`);
  const hwRaw = ext.get(`${ARC}.4`);
  if (!hwRaw) throw new Error('VCEK lacks hwID');
  const hwId = hwRaw[0] === TAG.OCTET_STRING ? readSingle(hwRaw, TAG.OCTET_STRING).value : hwRaw;
  const tcb = new Uint8Array(8);
  if (product === 'Turin') {
    tcb[0] = int(ext, '9');
    tcb[1] = int(ext, '1');
    tcb[2] = int(ext, '2');
    tcb[3] = int(ext, '3');
  } else {
    tcb[0] = int(ext, '1');
    tcb[1] = int(ext, '2');
    tcb[6] = int(ext, '3');
  }
  tcb[7] = int(ext, '8');
  return { product, tcb, hwId };
}
