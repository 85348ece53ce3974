/**
 * Express error handling shared by every Errand HTTP service: coded errors become
 * `{error, code, details}` with the status from the one table; body-parser and unknown errors are
 * mapped to coded 4xx/500 without leaking stack traces.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrandError, httpStatusFor, isErrandError } from '../errors/index.ts';
import type { Logger } from '../logger.ts';

export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    res.status(404).json({ error: `no route ${req.method} ${req.path}`, code: 'COMMON__NOT_FOUND', details: { what: 'route' } });
  };
}

export function errorHandler(log?: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (isErrandError(err)) {
      const status = httpStatusFor(err.code);
      if (status >= 500) log?.error({ err, code: err.code }, 'request failed');
      res.status(status).json(err.toJSON());
      return;
    }
    // body-parser errors carry `status`/`type` (entity.too.large, entity.parse.failed, ...).
    const e = err as { status?: number; type?: string; message?: string };
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      const coded = new ErrandError('COMMON__INVALID_ARGUMENT', `bad request body: ${e.type ?? e.message ?? 'invalid'}`, {
        issues: [e.type ?? 'invalid body'],
      });
      res.status(e.status).json(coded.toJSON());
      return;
    }
    log?.error({ err }, 'unhandled error');
    res.status(500).json({ error: 'internal error', code: 'COMMON__INTERNAL', details: {} });
  };
}
