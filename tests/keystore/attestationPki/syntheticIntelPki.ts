/**
 * Tests only: an Intel-shaped DCAP PKI rooted at its own root — root CA, PCK platform CA, a PCK
 * certificate with the SGX extension (FMSPC, TCB components, PCESVN), a TCB signing certificate,
 * both CRLs, a TDX TCB info and a TD_QE identity signed like Intel's — so tests can mint quotes
 * with chosen report_data and measurements (syntheticQuote.ts) and verify them end to end.
 */
import { X509Certificate, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { DcapCollateralJson } from '../../../keystore/attestation/dcap/collateral.ts';
import { certificate, crl, int, name, octets, oid, pem, seq } from './derWriter.ts';

const SGX = '1.2.840.113741.1.13.1';
export const FMSPC = '90c06f000000';
export const QE_MRSIGNER = 'dc9e2a7c6f948f17474e34a7fc43ed030f7c1563f1babddf6340c82e0e54a8c5';
export const SGX_COMPONENTS = [3, 3, 2, 2, 3, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0];
export const PCE_SVN = 13;
/** TEE_TCB_SVN of a current TD: module ISVSVN 4, module version 1 (identity TDX_01). */
export const TEE_TCB_SVN = [4, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const DAY = 86_400_000;

export interface PkiOptions {
  now?: Date;
  revokedPckSerials?: number[];
  /** Days the TCB info and QE identity stay current (default 30). */
  collateralDays?: number;
}

export interface SyntheticIntelPki {
  root: X509Certificate;
  pckKey: KeyObject;
  pckChainPem: string;
  collateral: DcapCollateralJson;
  /** The PCS-shaped responses (body and issuer-chain header) the PCS provider test serves. */
  pcs: { tcbBody: string; qeBody: string; chainHeader: string; pckCrl: Buffer; rootCrl: Buffer };
}

function sgxExtension(): Buffer {
  const comps = SGX_COMPONENTS.map((svn, i) => seq(oid(`${SGX}.2.${i + 1}`), int(svn)));
  return seq(
    seq(oid(`${SGX}.1`), octets(Buffer.alloc(16, 7))),
    seq(oid(`${SGX}.2`), seq(...comps, seq(oid(`${SGX}.2.17`), int(PCE_SVN)), seq(oid(`${SGX}.2.18`), octets(Buffer.from(SGX_COMPONENTS))))),
    seq(oid(`${SGX}.3`), octets(Buffer.alloc(2))),
    seq(oid(`${SGX}.4`), octets(Buffer.from(FMSPC, 'hex'))),
  );
}

function signJson(value: object, key: KeyObject): { text: string; signature: string } {
  const text = JSON.stringify(value);
  return { text, signature: sign('sha256', Buffer.from(text), { key, dsaEncoding: 'ieee-p1363' }).toString('hex') };
}

const svns = (list: number[]) => list.map((svn) => ({ svn }));

export function createSyntheticIntelPki(o: PkiOptions = {}): SyntheticIntelPki {
  const now = o.now ?? new Date();
  const from = new Date(now.getTime() - DAY);
  const until = new Date(now.getTime() + 365 * DAY);
  const nextUpdate = new Date(now.getTime() + (o.collateralDays ?? 30) * DAY);
  const [root, pckCa, pck, tcbSigner] = [ec(), ec(), ec(), ec()];
  const rootName = name('Synthetic SGX Root CA');
  const pckCaName = name('Synthetic SGX PCK Platform CA');
  const rootDer = certificate({
    serial: 1,
    issuer: rootName,
    subject: rootName,
    notBefore: from,
    notAfter: until,
    publicKey: root.publicKey,
    signer: root.privateKey,
    ca: true,
  });
  const caDer = certificate({
    serial: 2,
    issuer: rootName,
    subject: pckCaName,
    notBefore: from,
    notAfter: until,
    publicKey: pckCa.publicKey,
    signer: root.privateKey,
    ca: true,
  });
  const pckDer = certificate({
    serial: 100,
    issuer: pckCaName,
    subject: name('Synthetic SGX PCK Certificate'),
    notBefore: from,
    notAfter: until,
    publicKey: pck.publicKey,
    signer: pckCa.privateKey,
    ca: false,
    extensions: [[SGX, sgxExtension()]],
  });
  const tcbDer = certificate({
    serial: 3,
    issuer: rootName,
    subject: name('Synthetic SGX TCB Signing'),
    notBefore: from,
    notAfter: until,
    publicKey: tcbSigner.publicKey,
    signer: root.privateKey,
    ca: false,
  });
  const rootCrl = crl(rootName, root.privateKey, from, nextUpdate, []);
  const pckCrl = crl(pckCaName, pckCa.privateKey, from, nextUpdate, o.revokedPckSerials ?? [50]);
  const dates = { issueDate: from.toISOString().replace(/\.\d+Z$/, 'Z'), nextUpdate: nextUpdate.toISOString().replace(/\.\d+Z$/, 'Z') };
  const zeros48 = '00'.repeat(48);
  const tcbInfo = signJson(
    {
      id: 'TDX',
      version: 3,
      ...dates,
      fmspc: FMSPC.toUpperCase(),
      pceId: '0000',
      tcbType: 0,
      tcbEvaluationDataNumber: 17,
      tdxModule: { mrsigner: zeros48, attributes: '0000000000000000', attributesMask: 'FFFFFFFFFFFFFFFF' },
      tdxModuleIdentities: [
        {
          id: 'TDX_01',
          mrsigner: zeros48,
          attributes: '0000000000000000',
          attributesMask: 'FFFFFFFFFFFFFFFF',
          tcbLevels: [
            { tcb: { isvsvn: 4 }, tcbDate: '2024-03-13T00:00:00Z', tcbStatus: 'UpToDate' },
            { tcb: { isvsvn: 2 }, tcbDate: '2023-08-09T00:00:00Z', tcbStatus: 'OutOfDate' },
          ],
        },
      ],
      tcbLevels: [
        {
          tcb: { sgxtcbcomponents: svns(SGX_COMPONENTS), pcesvn: PCE_SVN, tdxtcbcomponents: svns(TEE_TCB_SVN.map((v, i) => (i < 2 ? 0 : v))) },
          tcbDate: '2024-03-13T00:00:00Z',
          tcbStatus: 'UpToDate',
        },
        {
          tcb: { sgxtcbcomponents: svns(SGX_COMPONENTS.map(() => 0)), pcesvn: 5, tdxtcbcomponents: svns(TEE_TCB_SVN.map(() => 0)) },
          tcbDate: '2018-01-04T00:00:00Z',
          tcbStatus: 'OutOfDate',
        },
      ],
    },
    tcbSigner.privateKey,
  );
  const qeIdentity = signJson(
    {
      id: 'TD_QE',
      version: 2,
      ...dates,
      tcbEvaluationDataNumber: 17,
      miscselect: '00000000',
      miscselectMask: 'FFFFFFFF',
      attributes: '11000000000000000000000000000000',
      attributesMask: 'FBFFFFFFFFFFFFFF0000000000000000',
      mrsigner: QE_MRSIGNER.toUpperCase(),
      isvprodid: 2,
      tcbLevels: [{ tcb: { isvsvn: 4 }, tcbDate: '2024-03-13T00:00:00Z', tcbStatus: 'UpToDate' }],
    },
    tcbSigner.privateKey,
  );
  const tcbChain = pem(tcbDer) + pem(rootDer);
  const collateral: DcapCollateralJson = {
    pck_crl_issuer_chain: pem(caDer) + pem(rootDer),
    root_ca_crl: rootCrl.toString('hex'),
    pck_crl: pckCrl.toString('hex'),
    tcb_info_issuer_chain: tcbChain,
    tcb_info: tcbInfo.text,
    tcb_info_signature: tcbInfo.signature,
    qe_identity_issuer_chain: tcbChain,
    qe_identity: qeIdentity.text,
    qe_identity_signature: qeIdentity.signature,
  };
  return {
    root: new X509Certificate(rootDer),
    pckKey: pck.privateKey,
    pckChainPem: pem(pckDer) + pem(caDer) + pem(rootDer),
    collateral,
    pcs: {
      tcbBody: `{"tcbInfo":${tcbInfo.text},"signature":"${tcbInfo.signature}"}`,
      qeBody: `{"enclaveIdentity":${qeIdentity.text},"signature":"${qeIdentity.signature}"}`,
      chainHeader: encodeURIComponent(tcbChain),
      pckCrl,
      rootCrl,
    },
  };
}
