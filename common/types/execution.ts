import type { HttpTranscript } from './httpTranscript.ts';

/**
 * The executor's result for one run, and the response a worker submits on-chain.
 */
export const EXECUTION_STATUSES = ['ok', 'exit_nonzero', 'fuel_exhausted', 'timeout', 'memory_limit', 'trap', 'invalid_module'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface ExecutionResult {
  status: ExecutionStatus;
  /** WASI exit code (0 when the program returned normally); null when it never exited (trap, limits). */
  exitCode: number | null;
  fuelUsed: number;
  timeMs: number;
  stdout: string;
  /** stdout's exact bytes, base64, when `stdout` (UTF-8 decoded, U+FFFD for bad bytes) is not an
   * exact spelling of them; absent otherwise. The `bytes` response format uses it. */
  stdoutBase64?: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** Present when status is not ok/exit_nonzero: the coded reason. */
  error?: { code: string; message: string };
  /**
   * Runs with an http capability: every exchange in order (common/types/httpTranscript.ts), and
   * the sha256 (hex) of its canonical JSON (worker/executor/http/transcript/canonicalJson.ts),
   * which goes on-chain next to the output hash.
   */
  transcript?: HttpTranscript;
  transcriptSha256?: string;
}

/** How the requester wants stdout interpreted on-chain. */
export const RESPONSE_FORMATS = ['text', 'json', 'bytes'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/**
 * What `resolve_execution` carries. `output` is inline when small; a large output is submitted to
 * the contract first and referenced by its sha256 (never silently cut).
 */
export interface ExecutionResponse {
  success: boolean;
  output?: { format: ResponseFormat; value: string } | { format: 'stored'; sha256: string; bytes: number };
  error?: { code: string; message: string };
  resourcesUsed: {
    instructions: number;
    timeMs: number;
    compileTimeMs: number;
    /** HTTP exchanges made and response-body bytes received (requests with the http capability). */
    httpRequests?: number;
    httpResponseBytes?: number;
  };
  /** sha256 (hex) of the run's HTTP transcript, as the coordinator keeps it (requests with http only). */
  transcriptSha256?: string;
}
