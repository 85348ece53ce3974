/**
 * Starts a Server-Sent Events answer: the headers (no caching, no proxy buffering) and the signal
 * that ends the stream when the caller leaves, the coordinator shuts down or `maxMs` passes.
 * `gone` tells the caller's leaving apart (then nothing more may be written).
 */
import type { Response } from 'express';

export function openSse(res: Response, shutdown: AbortSignal, maxMs: number): { signal: AbortSignal; gone: AbortSignal } {
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const signal = AbortSignal.any([gone.signal, shutdown, AbortSignal.timeout(maxMs)]);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  return { signal, gone: gone.signal };
}
