export { LocalSolana, devKeypair, type LocalSolanaOptions } from './LocalSolana.ts';
export { devConfig } from './devConfig.ts';
export { LocalSvm, RejectedTransaction, FINALIZED_DEPTH, type Commitment } from './chain/LocalSvm.ts';
export { RpcServer } from './rpc/RpcServer.ts';
export { LocalSolanaThread, type LocalSolanaThreadOptions } from './thread/LocalSolanaThread.ts';
export type { SolanaTxObservation } from './thread/protocol.ts';
