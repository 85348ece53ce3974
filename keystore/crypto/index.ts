export { createScopeKeyring, type ScopeKeyring } from './ScopeKeyring.ts';
export { loadMasterSecret, decodeMasterSecret, MIN_MASTER_SECRET_BYTES, type MasterSecretSource } from './masterSecret.ts';
