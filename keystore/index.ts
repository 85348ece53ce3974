/**
 * The keystore: per-scope keys derived from a master secret, client-side envelopes, access
 * conditions, worker attestation, an audit log and the internal HTTP service. See each folder.
 */
export { startKeystore, trustedNearContracts, type StartKeystoreOptions, type RunningKeystore, type TrustedContract } from './service/index.ts';
export { keystoreSettingsFromEnv, defaultKeystoreSettings, keystoreEnvSchema, type KeystoreSettings } from './config.ts';
export { encryptSecrets, parseScopePublicKey, validateAccessCondition, type KeystoreScope, type SecretsMap } from './envelope/index.ts';
export { KeystoreSecretsProvider, NearKeyPairSigner, type WorkerSigner, type KeystoreSecretsProviderOptions } from './client/index.ts';
export { prepareStoreSecrets, storeSecretsOnChain, listSecretsOnChain, deleteSecretsOnChain, secretsClient, loadNearKey } from './client/index.ts';
export { verifyAuditFile, verifyAuditChain, MemoryAuditLog, FileAuditLog, type AuditLog, type AuditRecord } from './audit/index.ts';
