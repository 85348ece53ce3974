export { ErrandNearClient, type RequestExecutionArgs } from './ErrandNearClient.ts';
export { TxSender, type TxSenderOptions, type WaitUntil } from './TxSender.ts';
export { NearChainWatcher, type NearChainWatcherOptions } from './NearChainWatcher.ts';
export { NearResolveSubmitter, MAX_INLINE_RESPONSE_BYTES } from './NearResolveSubmitter.ts';
export { NearChainReader } from './NearChainReader.ts';
export { parseErrandEvent, type ErrandEvent } from './events.ts';
export { rpcCall, mapNearError, isTransientChainError } from './rpcCall.ts';
export { failureOf, returnValue, allLogs, type FinalOutcome } from './outcomes.ts';
export { nearProvider } from './provider.ts';
