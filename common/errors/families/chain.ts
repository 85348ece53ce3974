/** Codes of the NEAR and Solana contracts, the local chain and the chain clients. Stable: add new codes, never rename or reuse one. */
export interface ChainErrors {
  /** A chain path that exists in an interface but is not built yet. */
  CHAIN__UNFINISHED: { feature: string };
  /** The RPC endpoint could not be reached or answered with a non-JSON-RPC HTTP failure. */
  CHAIN__RPC_UNREACHABLE: { url: string; status?: number; reason?: string };
  /** The RPC answered with a JSON-RPC error (NEAR's `{name, cause:{name,info}}` shape). */
  CHAIN__RPC_ERROR: { method: string; name?: string; cause?: string; message: string };
  /** The RPC answered with a shape this client does not understand. */
  CHAIN__BAD_RESPONSE: { method: string; detail: string };
  /** The transaction's nonce is not above the access key's nonce. Transient for a submitter: refetch and retry. */
  CHAIN__INVALID_NONCE: { txNonce: string; akNonce: string };
  /** The transaction was rejected before execution (signature, key, balance, expired block hash...). */
  CHAIN__INVALID_TRANSACTION: { reason: string; detail?: string };
  /** The transaction executed and its result is a failure (contract panic, action error). */
  CHAIN__TX_FAILED: { txHash: string; kind: string; message: string };
  /** A view call (call_function) failed in the contract. */
  CHAIN__VIEW_FAILED: { contractId: string; method: string; message: string };
  CHAIN__ACCOUNT_NOT_FOUND: { accountId: string };
  CHAIN__UNKNOWN_BLOCK: { block: string };
  CHAIN__UNKNOWN_TRANSACTION: { txHash: string };
  /** A contract value or event did not have the documented shape. */
  CHAIN__BAD_CONTRACT_DATA: { what: string; detail: string };
  /** A contract .wasm module the local chain cannot load. */
  CHAIN__INVALID_WASM: { accountId: string; reason: string };
  /** The local chain's thread is gone (closed, or crashed with `reason`): it answers no more calls. */
  CHAIN__LOCAL_CHAIN_STOPPED: { reason: string };
}

export const chainHttpStatus: { [K in keyof ChainErrors]: number } = {
  CHAIN__UNFINISHED: 501,
  CHAIN__RPC_UNREACHABLE: 503,
  CHAIN__RPC_ERROR: 502,
  CHAIN__BAD_RESPONSE: 502,
  CHAIN__INVALID_NONCE: 409,
  CHAIN__INVALID_TRANSACTION: 400,
  CHAIN__TX_FAILED: 422,
  CHAIN__VIEW_FAILED: 422,
  CHAIN__ACCOUNT_NOT_FOUND: 404,
  CHAIN__UNKNOWN_BLOCK: 404,
  CHAIN__UNKNOWN_TRANSACTION: 404,
  CHAIN__BAD_CONTRACT_DATA: 502,
  CHAIN__INVALID_WASM: 400,
  CHAIN__LOCAL_CHAIN_STOPPED: 503,
};
