/**
 * Downloads a prebuilt module for a `wasm_url` source: http(s) only, a size cap enforced while the
 * body streams (not after), a timeout, and the sha256 the request named checked before the bytes are
 * returned. Nothing is compiled. It does not promise the bytes are valid WebAssembly: the caller
 * validates them like any build output.
 */
import { createHash } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';
import type { Sha256Hex } from '../../common/types/index.ts';
import { redactUrls } from './redactUrl.ts';

export interface FetchWasmOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Default 64 MiB. */
  maxBytes?: number;
}

export async function fetchWasmUrl(url: string, sha256: Sha256Hex, options: FetchWasmOptions = {}): Promise<Uint8Array> {
  const safeUrl = redactUrls(url);
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const failed = (reason: string, status?: number): ErrandError =>
    new ErrandError('WORKER__WASM_FETCH_FAILED', `could not download ${safeUrl}: ${redactUrls(reason)}`, { url: safeUrl, reason: redactUrls(reason), ...(status ? { status } : {}) });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `wasm_url ${safeUrl} is not a URL`, { field: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `wasm_url must be http(s), got ${parsed.protocol}`, { field: 'url' });
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const response = await fetch(parsed, { signal, redirect: 'follow' });
    if (!response.ok || !response.body) throw failed(`HTTP ${response.status}`, response.status);
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) throw tooLarge(safeUrl, maxBytes);
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge(safeUrl, maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof ErrandError) throw err;
    if (timeout.aborted) throw new ErrandError('COMMON__TIMEOUT', `downloading ${safeUrl} timed out`, { operation: 'wasm_url fetch', timeoutMs });
    if (options.signal?.aborted) throw new ErrandError('COMMON__ABORTED', `downloading ${safeUrl} was aborted`, { operation: 'wasm_url fetch' });
    throw failed(err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err));
  }
  const bytes = Buffer.concat(chunks, total);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) {
    throw new ErrandError('WORKER__WASM_HASH_MISMATCH', `${safeUrl} has sha256 ${actual}, the request named ${sha256}`, {
      url: safeUrl,
      expected: sha256,
      actual,
    });
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function tooLarge(url: string, limitBytes: number): ErrandError {
  return new ErrandError('WORKER__WASM_TOO_LARGE', `${url} is larger than ${limitBytes} bytes`, { url, limitBytes });
}
