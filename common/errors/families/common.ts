/** Codes shared by every service: argument validation, unfinished paths, timeouts, aborts. */
export interface CommonErrors {
  /** Bad input at a boundary (HTTP body, CLI flag, config value). `issues` lists what was wrong. */
  COMMON__INVALID_ARGUMENT: { issues?: string[]; field?: string };
  /** A path that exists in the interface but is not built yet. Says so instead of pretending. */
  COMMON__UNFINISHED: { feature: string };
  COMMON__NOT_FOUND: { what: string; id?: string };
  COMMON__TIMEOUT: { operation: string; timeoutMs: number };
  COMMON__ABORTED: { operation: string };
  COMMON__UNAVAILABLE: { service: string; reason?: string };
  COMMON__CONFIG_INVALID: { issues: string[] };
  COMMON__INTERNAL: Record<string, never> | { reason?: string };
  /** A string at a boundary that no store can hold unchanged: a NUL where text is expected, or a
   * lone UTF-16 surrogate (not Unicode at all). `where` is the field's path. */
  COMMON__MALFORMED_STRING: { where: string; reason: 'nul' | 'lone_surrogate' };
  /** A JSON value nested deeper than the boundary accepts (every consumer recurses). */
  COMMON__NESTED_TOO_DEEP: { maxDepth: number };
  /** A service answered with an error code this build does not know (a newer or foreign server):
   * the raw code, message and HTTP status travel as detail instead of being trusted as ours. */
  COMMON__REMOTE_ERROR: { service: string; status: number; remoteCode: string; remoteMessage: string };
}

export const commonHttpStatus: { [K in keyof CommonErrors]: number } = {
  COMMON__INVALID_ARGUMENT: 400,
  COMMON__UNFINISHED: 501,
  COMMON__NOT_FOUND: 404,
  COMMON__TIMEOUT: 504,
  COMMON__ABORTED: 499,
  COMMON__UNAVAILABLE: 503,
  COMMON__CONFIG_INVALID: 500,
  COMMON__INTERNAL: 500,
  COMMON__MALFORMED_STRING: 400,
  COMMON__NESTED_TOO_DEEP: 400,
  COMMON__REMOTE_ERROR: 502,
};
