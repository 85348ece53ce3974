/** The wire shape of GET /v1/dashboard/requests/:id/transcript: types only, so the page (dashboard/src) imports it too. */
export interface ExchangeLine {
  method: string;
  url: string;
  status: number | null;
  error: string | null;
  requestBytes: number;
  responseBytes: number | null;
  redirects: number;
}

export type DashboardTranscript =
  | { kind: 'none' }
  | { kind: 'unreadable'; sha256: string; bytes: number; reason: string }
  | { kind: 'http'; sha256: string; bytes: number; total: number; exchanges: ExchangeLine[] };
