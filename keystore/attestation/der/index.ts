export {
  DerError,
  TAG,
  readTlv,
  readSingle,
  children,
  expectTag,
  decodeOid,
  decodeSmallInt,
  integerHex,
  decodeTime,
  bitStringBytes,
  type Tlv,
} from './derReader.ts';
export { certificateFields, type CertificateFields } from './certificateFields.ts';
export { parseCrl, checkCrl, type Crl, type CrlProblem } from './crl.ts';
