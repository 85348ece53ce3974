/**
 * Tests only: an AMD-shaped SEV-SNP PKI — ARK and ASK (RSA-PSS/SHA-384, like AMD's) and a VCEK
 * (EC P-384) with AMD's extensions (product, TCB levels, hwID) — and a guest that signs SEV-SNP
 * reports with chosen report_data, measurement and policy. Served through the fake configfs-tsm
 * as provider `sev_guest`, with the VCEK in the `auxblob` certificate table.
 */
import { X509Certificate, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AMD_ROOTS } from '../../../keystore/attestation/snp/amdRoots.ts';
import { certificate, ia5, int, name, octets } from './derWriter.ts';
import type { FakeTee } from './fakeConfigfs.ts';

const ARC = '1.3.6.1.4.1.3704.1';
const DAY = 86_400_000;
/** bl=3 tee=0 snp=8 ucode=0x73, as REPORTED_TCB encodes it on Milan. */
export const SNP_TCB = Buffer.from([3, 0, 0, 0, 0, 0, 8, 0x73]);
export const SNP_POLICY = 0x30000n;
export const SNP_POLICY_DEBUG = 1n << 19n;

export interface SnpSpec {
  measurement?: Uint8Array;
  policy?: bigint;
}

export class SyntheticSnpGuest implements FakeTee<SnpSpec> {
  readonly provider = 'sev_guest';
  readonly roots: typeof AMD_ROOTS;
  readonly vcekDer: Buffer;
  readonly chipId = Buffer.alloc(64, 0xc1);
  readonly #vcekKey: KeyObject;

  constructor(now = new Date()) {
    const from = new Date(now.getTime() - DAY);
    const until = new Date(now.getTime() + 365 * DAY);
    const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
    const [ark, ask] = [rsa(), rsa()];
    const vcek = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const arkName = name('ARK-Milan');
    const askName = name('SEV-Milan');
    const pss = { algorithm: 'rsa-pss-sha384' as const };
    const arkDer = certificate({
      serial: 1,
      issuer: arkName,
      subject: arkName,
      notBefore: from,
      notAfter: until,
      publicKey: ark.publicKey,
      signer: ark.privateKey,
      ca: true,
      ...pss,
    });
    const askDer = certificate({
      serial: 2,
      issuer: arkName,
      subject: askName,
      notBefore: from,
      notAfter: until,
      publicKey: ask.publicKey,
      signer: ark.privateKey,
      ca: true,
      ...pss,
    });
    this.vcekDer = certificate({
      serial: 3,
      issuer: askName,
      subject: name('SEV-VCEK'),
      notBefore: from,
      notAfter: until,
      publicKey: vcek.publicKey,
      signer: ask.privateKey,
      ca: false,
      ...pss,
      extensions: [
        [`${ARC}.2`, ia5('Milan-B0')],
        [`${ARC}.3.1`, int(SNP_TCB[0]!)],
        [`${ARC}.3.2`, int(SNP_TCB[1]!)],
        [`${ARC}.3.3`, int(SNP_TCB[6]!)],
        [`${ARC}.3.8`, int(SNP_TCB[7]!)],
        [`${ARC}.4`, octets(this.chipId)],
      ],
    });
    this.#vcekKey = vcek.privateKey;
    const chain = { ask: new X509Certificate(askDer), ark: new X509Certificate(arkDer) };
    this.roots = { Milan: chain, Genoa: chain, Turin: chain };
  }

  quote(spec: SnpSpec & { reportData: Uint8Array }): Uint8Array {
    const r = Buffer.alloc(0x4a0);
    r.writeUInt32LE(3, 0);
    r.writeBigUInt64LE(spec.policy ?? SNP_POLICY, 8);
    r.writeUInt32LE(1, 0x34);
    Buffer.from(spec.reportData).copy(r, 0x50);
    Buffer.from(spec.measurement ?? Buffer.alloc(48, 0x5e)).copy(r, 0x90);
    SNP_TCB.copy(r, 0x180);
    this.chipId.copy(r, 0x1a0);
    const sig = sign('sha384', r.subarray(0, 0x2a0), { key: this.#vcekKey, dsaEncoding: 'ieee-p1363' });
    Buffer.from(sig.subarray(0, 48)).reverse().copy(r, 0x2a0);
    Buffer.from(sig.subarray(48)).reverse().copy(r, 0x2e8);
    return r;
  }

  /** The extended-report certificate table with the VCEK entry. */
  auxblob(): Uint8Array {
    const header = Buffer.alloc(48);
    Buffer.from('8d75da6364e66445adc5f4b93be8accd', 'hex').copy(header);
    header.writeUInt32LE(48, 16);
    header.writeUInt32LE(this.vcekDer.length, 20);
    return Buffer.concat([header, this.vcekDer]);
  }
}
