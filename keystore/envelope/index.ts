export { bytesToHex, bytesToBase64, tryHexToBytes, tryBase64ToBytes } from './bytes.ts';
export { parseEnvelope, sealEnvelope, openEnvelope, ENVELOPE_VERSION, MAX_PLAINTEXT_BYTES, type ParsedEnvelope, type EnvelopeText } from './envelope.ts';
export { assertScope, assertProfile, secretsAssociatedData, sealedAssociatedData, scopeKeyInfo, type KeystoreScope } from './scope.ts';
export { assertSecretsMap, encodeSecrets, decodeSecrets, ENV_KEY, type SecretsMap } from './secretsPlaintext.ts';
export { encryptSecrets, parseScopePublicKey } from './encryptSecrets.ts';
export { validateAccessCondition, accountPatternIssues, MAX_LOGIC_DEPTH } from './validateAccessCondition.ts';
export { sealSecretsForWorker, openSealedSecrets, assertSealedSecrets, type SealedSecrets } from './sealedSecrets.ts';
