export { KeystoreSecretsProvider, type KeystoreSecretsProviderOptions } from './KeystoreSecretsProvider.ts';
export { NearKeyPairSigner, type WorkerSigner } from './WorkerSigner.ts';
export { requestJson } from './keystoreHttp.ts';
export { loadNearKey, type LoadedNearKey } from './nearCredentials.ts';
export {
  prepareStoreSecrets,
  validateStoreContent,
  storageDepositBound,
  MAX_ONCHAIN_ENVELOPE_CHARS,
  type StoreSecretsInput,
  type PreparedStoreSecrets,
} from './prepareStoreSecrets.ts';
export { secretsClient, storeSecretsOnChain, listSecretsOnChain, deleteSecretsOnChain, type NearTarget, type SecretsListEntry } from './secretsOnChain.ts';
export type { QuoteProvider, TeeEvidence } from './QuoteProvider.ts';
export { teeClaimMeasurement, teeMeasurementKeyOf } from './teeClaimMeasurement.ts';
