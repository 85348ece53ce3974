/** NEAR JSON-RPC error objects (`{name, cause:{name, info}, code, message, data}`), as nearcore sends them. */
export class RpcError extends Error {
  constructor(readonly body: { name: string; cause: { name: string; info?: unknown }; code: number; message: string; data?: unknown }) {
    super(body.message);
  }

  static handler(causeName: string, info: unknown, data: unknown): RpcError {
    return new RpcError({ name: 'HANDLER_ERROR', cause: { name: causeName, info }, code: -32000, message: 'Server error', data });
  }

  static badRequest(detail: string): RpcError {
    return new RpcError({
      name: 'REQUEST_VALIDATION_ERROR',
      cause: { name: 'PARSE_ERROR', info: { error_message: detail } },
      code: -32700,
      message: 'Parse error',
      data: detail,
    });
  }

  static methodNotFound(method: string): RpcError {
    return new RpcError({
      name: 'REQUEST_VALIDATION_ERROR',
      cause: { name: 'METHOD_NOT_FOUND', info: { method_name: method } },
      code: -32601,
      message: 'Method not found',
      data: method,
    });
  }

  static timeout(): RpcError {
    return RpcError.handler('TIMEOUT_ERROR', {}, 'Timeout');
  }
}
