/**
 * Downloads a prebuilt module for a `wasm_url` source: http(s) only, a size cap enforced while the
 * body streams (not after), a timeout, and the sha256 the request named checked before the bytes are
 * returned. Nothing is compiled. It does not promise the bytes are valid WebAssembly: the caller
 * validates them like any build output.
 */
import { createHash } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';
import { sharedHttpClient } from '../../common/http/sharedHttpClient.ts';
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
    new ErrandError('WORKER__WASM_FETCH_FAILED', `could not download ${safeUrl}: ${redactUrls(reason)}`, {
      url: safeUrl,
      reason: redactUrls(reason),
      ...(status ? { status } : {}),
    });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `wasm_url ${safeUrl} is not a URL`, { field: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `wasm_url must be http(s), got ${parsed.protocol}`, { field: 'url' });
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    // The time limit covers the body; a cancelled download is COMMON__TIMEOUT / COMMON__ABORTED `downloading <url> ...`.
    const response = await sharedHttpClient().request(parsed, { method: 'GET', signal: options.signal, timeoutMs, operation: `downloading ${safeUrl}` });
    if (!response.ok || !response.body) {
      await response.dump();
      throw failed(`HTTP ${response.status}`, response.status);
    }
    const declared = Number(response.headers['content-length'] ?? '0');
    if (declared > maxBytes) {
      await response.dump();
      throw tooLarge(safeUrl, maxBytes);
    }
    // Leaving the loop early (too large) destroys the body and its socket.
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge(safeUrl, maxBytes);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof ErrandError) throw err;
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
