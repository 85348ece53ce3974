/**
 * Structured logs (pino) scoped by `{service, workerId, jobId, requestId}`. Known secret-bearing
 * fields are redacted at the logger, as a second line of defence: code must still never log a
 * secret. LOG_LEVEL sets the level (default `info`; `silent` in tests unless LOG_LEVEL is set).
 */
import pino, { type Logger, type DestinationStream } from 'pino';

export type { Logger };

export interface LogScope {
  service: string;
  workerId?: string;
  jobId?: string;
  requestId?: string;
}

const REDACT_PATHS = [
  'secret',
  'secrets',
  'env',
  'password',
  'token',
  'authorization',
  'masterSecret',
  'plaintext',
  '*.secret',
  '*.secrets',
  '*.env',
  '*.password',
  '*.token',
  '*.authorization',
  '*.masterSecret',
  '*.plaintext',
  'headers.authorization',
  'req.headers.authorization',
];

function defaultLevel(): string {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  return process.env.NODE_ENV === 'test' || process.env.MOCHA_WORKER_ID !== undefined ? 'silent' : 'info';
}

export function createLogger(scope: LogScope, destination?: DestinationStream): Logger {
  const options = { level: defaultLevel(), base: { ...scope }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
