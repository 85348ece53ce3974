/**
 * `logsSubscribe` (finalized, mentioning the program) as a bare wake-up on a WebSocket of its own:
 * a notification is recognised by its method name and never parsed further (the watcher reads
 * what landed by backfill anyway). web3.js's onLogs validates every notification's logs with
 * superstruct, a visible share of the coordinator's thread when each request brings two of them.
 * `up` is true while the subscription is confirmed; a dropped socket is opened again after
 * `retryMs` (what landed meanwhile is found by the next backfill). Does not promise: delivery.
 */
import WebSocket from 'ws';

export class LogsWakeups {
  private ws: WebSocket | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  /** The server confirmed the subscription and the socket is still open. */
  up = false;

  constructor(
    private readonly url: string,
    private readonly programId: string,
    private readonly onWake: () => void,
    private readonly retryMs = 1_000,
  ) {
    this.open();
  }

  private open(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.on('open', () =>
      ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'logsSubscribe', params: [{ mentions: [this.programId] }, { commitment: 'finalized' }] })),
    );
    ws.on('message', (data: Buffer) => {
      if (data.includes('"logsNotification"')) {
        this.onWake();
        return;
      }
      // The subscription's answer (rare): `up` once the server gave it an id.
      try {
        const reply = JSON.parse(data.toString('utf8')) as { id?: unknown; result?: unknown };
        if (reply.id === 1 && typeof reply.result === 'number') {
          this.up = true;
          this.onWake(); // whatever landed before it was up is read now
        }
      } catch {
        // not JSON: nothing to learn from it
      }
    });
    ws.on('error', () => undefined); // 'close' follows
    ws.on('close', () => {
      this.up = false;
      if (!this.closed) this.retry = setTimeout(() => this.open(), this.retryMs).unref();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    clearTimeout(this.retry);
    const ws = this.ws;
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'watcher closing');
    });
  }
}
