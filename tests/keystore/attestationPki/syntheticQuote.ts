/**
 * Tests only: mints a TDX v4 DCAP quote on a synthetic Intel PKI — the attestation key signs
 * header+body, the PCK key signs the QE report whose report_data is sha256(attestation key || QE
 * auth data) — with chosen report_data, measurements and TD attributes.
 */
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { QE_MRSIGNER, TEE_TCB_SVN, type SyntheticIntelPki } from './syntheticIntelPki.ts';

export interface TdSpec {
  reportData?: Uint8Array;
  mrtd?: Uint8Array;
  rtmrs?: Uint8Array[];
  /** Little-endian u64; default SEPT_VE_DISABLE only. */
  tdAttributes?: bigint;
  teeTcbSvn?: number[];
}

export const SEPT_VE_DISABLE = 1n << 28n;
export const TD_DEBUG = 1n;

const u16 = (n: number) => Buffer.from([n & 0xff, n >> 8]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

export function defaultMeasurements(): { mrtd: Uint8Array; rtmrs: Uint8Array[] } {
  return { mrtd: Buffer.alloc(48, 0x11), rtmrs: [0x20, 0x21, 0x22, 0x23].map((v) => Buffer.alloc(48, v)) };
}

function qeReport(reportData: Buffer): Buffer {
  const r = Buffer.alloc(384);
  Buffer.from('11000000000000000000000000000000', 'hex').copy(r, 48);
  Buffer.from(QE_MRSIGNER, 'hex').copy(r, 128);
  r.writeUInt16LE(2, 256); // isvprodid
  r.writeUInt16LE(4, 258); // isvsvn
  reportData.copy(r, 320);
  return r;
}

function tdReport(spec: TdSpec): Buffer {
  const d = defaultMeasurements();
  const r = Buffer.alloc(584);
  Buffer.from(spec.teeTcbSvn ?? TEE_TCB_SVN).copy(r, 0);
  r.writeBigUInt64LE(spec.tdAttributes ?? SEPT_VE_DISABLE, 120);
  Buffer.from(spec.mrtd ?? d.mrtd).copy(r, 136);
  (spec.rtmrs ?? d.rtmrs).forEach((m, i) => Buffer.from(m).copy(r, 328 + 48 * i));
  Buffer.from(spec.reportData ?? Buffer.alloc(64)).copy(r, 520);
  return r;
}

export class SyntheticQuoter {
  readonly #attestationKey: { privateKey: KeyObject; raw: Buffer };
  /** Like a real QE's: made once when the attestation key is certified, the same in every quote. */
  readonly #certData: Buffer;
  constructor(readonly pki: SyntheticIntelPki) {
    const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = k.publicKey.export({ format: 'jwk' });
    this.#attestationKey = { privateKey: k.privateKey, raw: Buffer.concat([Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]) };
    const auth = Buffer.alloc(32, 9);
    const qe = qeReport(Buffer.concat([createHash('sha256').update(this.#attestationKey.raw).update(auth).digest(), Buffer.alloc(32)]));
    const qeSig = sign('sha256', qe, { key: this.pki.pckKey, dsaEncoding: 'ieee-p1363' });
    const chain = Buffer.from(this.pki.pckChainPem, 'latin1');
    this.#certData = Buffer.concat([qe, qeSig, u16(auth.length), auth, u16(5), u32(chain.length), chain]);
  }

  quote(spec: TdSpec = {}): Uint8Array {
    const header = Buffer.concat([u16(4), u16(2), u32(0x81), u16(0), u16(13), Buffer.from('939a7233f79c4ca9940a0db3957f0607', 'hex'), Buffer.alloc(20)]);
    const signed = Buffer.concat([header, tdReport(spec)]);
    const signature = sign('sha256', signed, { key: this.#attestationKey.privateKey, dsaEncoding: 'ieee-p1363' });
    const sigData = Buffer.concat([signature, this.#attestationKey.raw, u16(6), u32(this.#certData.length), this.#certData]);
    return Buffer.concat([signed, u32(sigData.length), sigData]);
  }
}
