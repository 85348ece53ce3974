/** What the e2e bench's load thread is told, and what it answers when its window is over. */
export interface LoadSpec {
  rpcUrl: string;
  contractId: string;
  /** Requester accounts the closed-loop requesters take turns signing as. */
  accounts: { accountId: string; secretKey: string }[];
  requesters: number;
  /** How long the requesters keep starting requests, from the moment the thread is ready. */
  windowMs: number;
  /** request_execution args but the input, which is unique per request. */
  args: Record<string, unknown>;
  deposit: bigint;
}

export interface LoadResult {
  /** Wall-clock ms when the window opened (the thread had loaded and built its clients). */
  windowStartMs: number;
  requestIds: string[];
  failures: number;
  /** Share of the window the load thread's event loop was busy (0..1). */
  busy: number;
  firstFailure?: string;
}
