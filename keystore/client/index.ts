export { KeystoreSecretsProvider, type KeystoreSecretsProviderOptions } from './KeystoreSecretsProvider.ts';
export { NearKeyPairSigner, type WorkerSigner } from './WorkerSigner.ts';
export { requestJson } from './keystoreHttp.ts';
