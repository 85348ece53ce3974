export { SolanaChainWatcher, type SolanaChainWatcherOptions } from './SolanaChainWatcher.ts';
export { programEvents, type ProgramEvent } from './programEvents.ts';
export { toChainEvent } from './chainEvents.ts';
