/**
 * Options of examples/dapp/request.ts: flags first, then environment variables (the names the
 * worker uses for the same things), then defaults. Every bad value is a COMMON__INVALID_ARGUMENT
 * that names the flag. The key file is read here and its secret key is only handed to the signer.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { KeyPairString } from '@near-js/crypto';
import { ErrandError } from '../../common/errors/index.ts';
import { parseNearKey } from '../../common/near/parseNearKey.ts';
import type { ExecutionSource, ResourceLimits, ResponseFormat } from '../../common/types/index.ts';

export interface RequestOptions {
  rpcUrl: string;
  contractId: string;
  accountId: string;
  secretKey: KeyPairString;
  source: ExecutionSource;
  input: string;
  limits: ResourceLimits;
  responseFormat: ResponseFormat;
  timeoutMs: number;
}

export const USAGE = `usage: node bin/run-ts.mjs examples/dapp/request.ts --rpc-url URL --contract ID --account ID --key-file FILE
         --repo URL --commit REV [--path DIR] [--target wasm32-wasip1|wasm32-wasip2] [--input TEXT]
         [--response-format text|json|bytes] [--max-instructions N] [--max-memory-mb N]
         [--max-execution-ms N] [--max-compile-ms N] [--timeout-ms N]
env fallbacks: NEAR_RPC_URL, ERRAND_CONTRACT_ID, NEAR_ACCOUNT_ID, NEAR_KEY_FILE`;

const FLAGS = {
  'rpc-url': { type: 'string' },
  contract: { type: 'string' },
  account: { type: 'string' },
  'key-file': { type: 'string' },
  repo: { type: 'string' },
  commit: { type: 'string' },
  path: { type: 'string' },
  target: { type: 'string', default: 'wasm32-wasip1' },
  input: { type: 'string', default: '' },
  'response-format': { type: 'string', default: 'text' },
  'max-instructions': { type: 'string', default: '10000000' },
  'max-memory-mb': { type: 'string', default: '64' },
  'max-execution-ms': { type: 'string', default: '2000' },
  'max-compile-ms': { type: 'string', default: '60000' },
  'timeout-ms': { type: 'string', default: '300000' },
  help: { type: 'boolean', short: 'h' },
} as const;

const invalid = (field: string, why: string): ErrandError => new ErrandError('COMMON__INVALID_ARGUMENT', `--${field}: ${why}`, { field });

function required(v: string | undefined, field: string, envName?: string): string {
  if (v && v.length > 0) return v;
  throw invalid(field, envName ? `required (or set ${envName})` : 'required');
}

function count(v: string, field: string, min: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < min) throw invalid(field, `expected an integer >= ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** The secret key from a near-cli credentials JSON ({"private_key": "ed25519:..."}) or a bare key. */
export async function readSecretKey(file: string): Promise<KeyPairString> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).trim();
  } catch (e) {
    throw invalid('key-file', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // Never echo the file's content: it is a secret.
  const parsed = parseNearKey(text);
  if ('reason' in parsed) throw invalid('key-file', `${file} ${parsed.reason}`);
  return parsed.key.secretKey;
}

/** Parsed options; null when --help was asked for. */
export async function parseRequestOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<RequestOptions | null> {
  let values;
  try {
    values = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${(e as Error).message}\n${USAGE}`, { field: 'argv' });
  }
  if (values.help) return null;
  const target = values.target;
  if (target !== 'wasm32-wasip1' && target !== 'wasm32-wasip2') throw invalid('target', 'wasm32-wasip1 or wasm32-wasip2');
  const format = values['response-format'];
  if (format !== 'text' && format !== 'json' && format !== 'bytes') throw invalid('response-format', 'text, json or bytes');
  const keyFile = required(values['key-file'] ?? env['NEAR_KEY_FILE'], 'key-file', 'NEAR_KEY_FILE');
  return {
    rpcUrl: required(values['rpc-url'] ?? env['NEAR_RPC_URL'], 'rpc-url', 'NEAR_RPC_URL'),
    contractId: required(values.contract ?? env['ERRAND_CONTRACT_ID'], 'contract', 'ERRAND_CONTRACT_ID'),
    accountId: required(values.account ?? env['NEAR_ACCOUNT_ID'], 'account', 'NEAR_ACCOUNT_ID'),
    secretKey: await readSecretKey(keyFile),
    source: {
      kind: 'git',
      repo: required(values.repo, 'repo'),
      commit: required(values.commit, 'commit'),
      target,
      ...(values.path ? { path: values.path } : {}),
    },
    input: values.input,
    limits: {
      maxInstructions: count(values['max-instructions'], 'max-instructions', 1),
      maxMemoryMb: count(values['max-memory-mb'], 'max-memory-mb', 1),
      maxExecutionMs: count(values['max-execution-ms'], 'max-execution-ms', 1),
      maxCompileMs: count(values['max-compile-ms'], 'max-compile-ms', 0),
    },
    responseFormat: format,
    timeoutMs: count(values['timeout-ms'], 'timeout-ms', 1),
  };
}
