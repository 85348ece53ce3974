export { LocalNear, type LocalNearOptions, type AccountView } from './LocalNear.ts';
export { Chain } from './chain/Chain.ts';
export { DEFAULT_LOCAL_CHAIN_CONFIG, type LocalChainConfig } from './chain/config.ts';
export type { Block } from './chain/ChainState.ts';
export { ViewCallError } from './chain/viewFunction.ts';
export { RpcServer } from './rpc/RpcServer.ts';
