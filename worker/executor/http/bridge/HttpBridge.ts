/**
 * The synchronous bridge between a run thread (synchronous WebAssembly, which cannot await) and
 * the HttpHost on the Executor's thread (asynchronous network). Per run: a MessageChannel and a
 * one-word SharedArrayBuffer. The guest side posts the request with a sequence number, then
 * blocks in Atomics.wait; the host side performs it, posts the answer on the channel, and only
 * then bumps the word and notifies. The guest side takes the answer with receiveMessageOnPort
 * (no event loop needed) and drops stale answers by sequence number.
 *
 * Nothing hangs: the wait has its own limit (the exchange timeout plus a margin, after which the
 * guest gets a `timeout` error), and the run's wall-clock limit terminates the thread, which
 * interrupts Atomics.wait; the Executor then stops the host side (HttpHost.stop).
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { HttpOutcome, HttpRequest } from '../exchange.ts';
import type { HostAnswer, HttpHost } from '../HttpHost.ts';

export interface HttpBridgeEnds {
  /** The run thread's end of the channel (transferred with the job). */
  port: MessagePort;
  /** Int32[0]: answers posted so far. */
  signal: SharedArrayBuffer;
  /** How long the guest side waits for one answer before it gives up, ms. */
  waitMs: number;
}

interface Ask {
  seq: number;
  request: HttpRequest;
}
interface Answer {
  seq: number;
  answer: HostAnswer;
}

/** Host side: answers every request that arrives on `port` with `host`. */
export function serveHttpBridge(host: HttpHost, port: MessagePort, signal: SharedArrayBuffer): () => void {
  const word = new Int32Array(signal);
  let closed = false;
  port.on('message', (ask: Ask) => {
    void host.exchange(ask.request).then(
      (answer) => reply({ seq: ask.seq, answer }),
      (e: unknown) => reply({ seq: ask.seq, answer: { ok: false, error: { kind: 'network', message: String(e) }, redirects: [] } }),
    );
  });
  function reply(a: Answer): void {
    if (closed) return;
    port.postMessage(a);
    Atomics.add(word, 0, 1);
    Atomics.notify(word, 0);
  }
  return () => {
    closed = true;
    host.stop();
    port.close();
  };
}

/** Guest side: one blocking exchange. */
export class HttpBridgeClient {
  private seq = 0;
  private readonly word: Int32Array;

  constructor(private readonly ends: HttpBridgeEnds) {
    this.word = new Int32Array(ends.signal);
  }

  exchange(request: HttpRequest): HostAnswer {
    const seq = ++this.seq;
    const seen = Atomics.load(this.word, 0);
    this.ends.port.postMessage({ seq, request } satisfies Ask);
    const until = performance.now() + this.ends.waitMs;
    let observed = seen;
    for (;;) {
      for (let m = receiveMessageOnPort(this.ends.port); m; m = receiveMessageOnPort(this.ends.port)) {
        const a = m.message as Answer;
        if (a.seq === seq) return a.answer;
      }
      const left = until - performance.now();
      if (left <= 0) return timedOut();
      Atomics.wait(this.word, 0, observed, left);
      observed = Atomics.load(this.word, 0);
    }
  }

  close(): void {
    this.ends.port.close();
  }
}

function timedOut(): HttpOutcome {
  return { ok: false, error: { kind: 'timeout', message: 'the worker did not answer the exchange in time' }, redirects: [] };
}
