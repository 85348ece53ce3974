export { startKeystore, type StartKeystoreOptions, type RunningKeystore } from './startKeystore.ts';
export { createKeystoreApp, type KeystoreAppDeps } from './createKeystoreApp.ts';
export { SecretsReleaser, type SecretsReleaserDeps, type ReleasedSecrets } from './SecretsReleaser.ts';
export { createTrustedChains, type TrustedChains, type TrustedContract } from './TrustedChains.ts';
export { findSecretsEntry } from './findSecretsEntry.ts';
export { isInternalAddress } from './internalAddress.ts';
export { trustedNearContracts, probeNearContract, type NearTrustSettings } from './trustedNearContracts.ts';
export { trustedSolanaPrograms, probeSolanaProgram, type SolanaTrustSettings } from './trustedSolanaPrograms.ts';
