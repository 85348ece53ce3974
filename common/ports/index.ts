export type * from './ChainReader.ts';
export type * from './ChainWatcher.ts';
export type * from './ResolveSubmitter.ts';
export type * from './SecretsProvider.ts';
