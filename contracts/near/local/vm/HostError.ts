/**
 * A failure raised inside a host function or the VM. It is thrown through the WebAssembly frames
 * (V8 unwinds them) and turned into NEAR's FunctionCallError JSON for the receipt's outcome. It
 * never leaves the local chain: callers see the outcome's Failure, as on NEAR.
 */
export type FunctionCallErrorJson =
  | { ExecutionError: string }
  | { MethodResolveError: 'MethodNotFound' | 'MethodEmptyName' | 'MethodInvalidSignature' }
  | { CompilationError: { PrepareError: string } | { CodeDoesNotExist: { account_id: string } } };

export class HostError extends Error {
  readonly json: FunctionCallErrorJson;
  constructor(json: FunctionCallErrorJson) {
    super('ExecutionError' in json ? json.ExecutionError : JSON.stringify(json));
    this.json = json;
  }

  static execution(message: string): HostError {
    return new HostError({ ExecutionError: message });
  }

  /** nearcore's HostError Display texts, which clients match on. */
  static panic(message: string): HostError {
    return HostError.execution(`Smart contract panicked: ${message}`);
  }
}

export const GAS_EXCEEDED = 'Exceeded the prepaid gas.';
export const GAS_LIMIT_EXCEEDED = 'Exceeded the maximum amount of gas allowed to burn per contract.';
/** nearcore's WasmTrap::StackOverflow as its RPC shows it: finite-wasm's stack budget ran out. */
export const STACK_OVERFLOW = 'WebAssembly trap: Stack overflow.';
/** nearcore's HostError::BalanceExceeded: a promise's deposit exceeds what the account holds. */
export const BALANCE_EXCEEDED = 'Exceeded the account balance.';
