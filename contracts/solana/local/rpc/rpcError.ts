/** A JSON-RPC error with Solana's codes (-32602 invalid params, -32002 preflight failure, ...). */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
export const INVALID_PARAMS = -32602;
export const METHOD_NOT_FOUND = -32601;
export const PREFLIGHT_FAILURE = -32002;
