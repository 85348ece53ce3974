/** Codes of the worker: sources, sandboxes, compile targets and the job loop. Stable: add new codes, never rename or reuse one. */
export interface WorkerErrors {
  /** git could not fetch the repository or the commit (unreachable, unknown commit, git failed). `repo` is redacted. */
  WORKER__SOURCE_FETCH_FAILED: { repo: string; reason: string };
  /** The source's scheme is refused by this worker: `file://` outside development mode would let a
   * requester make the worker read any repository on its own disk. Permanent. */
  WORKER__SOURCE_NOT_ALLOWED: { scheme: string; reason: string };
  /** A branch or tag that the repository does not have. */
  WORKER__SOURCE_REF_NOT_FOUND: { repo: string; ref: string };
  /** The fetched tree (or its git objects) exceeded the size or file-count limit. */
  WORKER__SOURCE_TOO_LARGE: { limitBytes: number; limitFiles?: number };
  /** A symlink (or other special file) in the source that points outside the tree. */
  WORKER__SOURCE_UNSAFE_PATH: { path: string; reason: string };
  /** A wasm_url download failed: bad scheme, HTTP status, network error. `url` is redacted. */
  WORKER__WASM_FETCH_FAILED: { url: string; status?: number; reason: string };
  /** A wasm_url download was larger than the size cap. */
  WORKER__WASM_TOO_LARGE: { url: string; limitBytes: number };
  /** The downloaded module's sha256 is not the one the request named. */
  WORKER__WASM_HASH_MISMATCH: { url: string; expected: string; actual: string };
  /** The sandbox backend cannot run here (no bwrap, no Docker engine, image missing). */
  WORKER__SANDBOX_UNAVAILABLE: { backend: string; reason: string };
  /** Development mode without bubblewrap (npm compilers only): this language's compiler runs only
   * inside the OS sandbox. Permanent on this worker; `install` names the package that fixes it. */
  WORKER__BUILD_NEEDS_SANDBOX: { language: string; install: string };
  /** No build target could be detected from the repository's files. */
  WORKER__LANGUAGE_UNDETECTED: { files: string[] };
  /** The detected (or given) language cannot produce the requested target. */
  WORKER__TARGET_UNSUPPORTED: { language: string; target: string };
  /** The build exited non-zero; `logTail` is the end of its (capped) log. */
  WORKER__BUILD_FAILED: { language: string; target: string; exitCode: number | null; logTail: string };
  /** The build tried to reach the network (dependency download, DNS, connect) — builds run offline. */
  WORKER__BUILD_NEEDS_NETWORK: { language: string; target: string; logTail: string };
  /** The build ran past its wall-clock (or CPU) limit and was killed with all its processes. */
  WORKER__BUILD_TIMEOUT: { language: string; target: string; timeoutMs: number; logTail: string };
  /** The build produced no module, or a module that is not valid WebAssembly of the requested kind. */
  WORKER__OUTPUT_INVALID: { target: string; reason: string };
  /** The built module exceeds the size cap. */
  WORKER__OUTPUT_TOO_LARGE: { bytes: number; limitBytes: number };
  /** The program's stdout exceeded the executor's output cap (the job loop reports it, never cuts it). */
  WORKER__OUTPUT_TRUNCATED: Record<string, never>;
  /** The request asked for JSON output and the program printed something else. */
  WORKER__OUTPUT_NOT_JSON: Record<string, never>;
  /** The request asked for text or JSON and the program printed bytes that are not UTF-8 (the
   * `bytes` format carries any bytes). */
  WORKER__OUTPUT_NOT_UTF8: Record<string, never>;
  /** The request references secrets and this worker has no keystore configured (KEYSTORE_URL). */
  WORKER__SECRETS_UNAVAILABLE: { reason: string };
  /** The TEE quote source (configfs-tsm, dstack guest agent) could not produce a quote. */
  WORKER__QUOTE_UNAVAILABLE: { source: string; reason: string };
  /** A claimed request of a chain this worker has no submitter for (ERRAND_CHAINS). Transient: handed back. */
  WORKER__CHAIN_NOT_SERVED: { chain: string; served: string[] };
}

export const workerHttpStatus: { [K in keyof WorkerErrors]: number } = {
  WORKER__SOURCE_FETCH_FAILED: 502,
  WORKER__CHAIN_NOT_SERVED: 409,
  WORKER__SOURCE_NOT_ALLOWED: 422,
  WORKER__SOURCE_REF_NOT_FOUND: 404,
  WORKER__SOURCE_TOO_LARGE: 413,
  WORKER__SOURCE_UNSAFE_PATH: 422,
  WORKER__WASM_FETCH_FAILED: 502,
  WORKER__WASM_TOO_LARGE: 413,
  WORKER__WASM_HASH_MISMATCH: 422,
  WORKER__SANDBOX_UNAVAILABLE: 503,
  WORKER__BUILD_NEEDS_SANDBOX: 422,
  WORKER__LANGUAGE_UNDETECTED: 422,
  WORKER__TARGET_UNSUPPORTED: 422,
  WORKER__BUILD_FAILED: 422,
  WORKER__BUILD_NEEDS_NETWORK: 422,
  WORKER__BUILD_TIMEOUT: 422,
  WORKER__OUTPUT_INVALID: 422,
  WORKER__OUTPUT_TOO_LARGE: 413,
  WORKER__OUTPUT_TRUNCATED: 422,
  WORKER__OUTPUT_NOT_JSON: 422,
  WORKER__OUTPUT_NOT_UTF8: 422,
  WORKER__SECRETS_UNAVAILABLE: 503,
  WORKER__QUOTE_UNAVAILABLE: 503,
};
