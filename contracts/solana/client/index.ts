export { ErrandSolanaClient, type RequestExecutionArgs, type RequestSent, type ResolveOptions, type SendOptions } from './ErrandSolanaClient.ts';
export { SolanaSender, type RecentBlockhash, type Sent } from './SolanaSender.ts';
export { ERRAND_IDL, ERRAND_PROGRAM_ID, idlFor } from './idl.ts';
export {
  callbackAuthorityAddress,
  configAddress,
  programDataAddress,
  requestAddress,
  secretsAddress,
  secretsKeyHash,
  workerAddress,
  LOADER_V3,
} from './pdas.ts';
export { cost, estimateCost, httpCost, settle, type Settlement } from './pricing.ts';
export { eventParser, parseEvents, type DecodedEvent } from './events.ts';
export { programFailure, txFailed, type ProgramFailure } from './programError.ts';
export type * from './types.ts';
export { SolanaResolveSubmitter, type SolanaResolveSubmitterOptions } from './SolanaResolveSubmitter.ts';
export { settlementInTransaction, waitForSettlement, type RequestSettlement } from './settlement.ts';
export { SolanaChainReader, type SolanaChainReaderOptions } from './SolanaChainReader.ts';
export { TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID, decodeMint, decodeTokenAccount, type Mint, type TokenAccount } from './splToken.ts';
