/**
 * What the preview 1 and preview 2 HTTP hosts call inside a run thread: one synchronous exchange,
 * charged to the run's fuel (HTTP_REQUEST_FUEL + HTTP_BYTE_FUEL per request byte before it is
 * sent, HTTP_BYTE_FUEL per response byte before the guest sees it). A run without an http
 * capability answers every exchange `denied` without leaving the thread. A replay that diverged
 * ends the run (EXECUTOR__HTTP_REPLAY_MISMATCH, thrown through the guest).
 */
import { ErrandError } from '../../../common/errors/index.ts';
import { HTTP_BYTE_FUEL, HTTP_REQUEST_FUEL } from '../instrument/costModel.ts';
import type { HostMeter } from '../wasi/HostMeter.ts';
import type { HttpBridgeClient } from './bridge/HttpBridge.ts';
import { requestBytes, responseBytes, type HttpOutcome, type HttpRequest } from './exchange.ts';

export class GuestHttp {
  constructor(
    private readonly client: HttpBridgeClient | undefined,
    private readonly meter: HostMeter,
  ) {}

  fetch(request: HttpRequest): HttpOutcome {
    this.meter.charge(HTTP_REQUEST_FUEL + requestBytes(request) * HTTP_BYTE_FUEL);
    if (!this.client) {
      return { ok: false, error: { kind: 'denied', message: 'this run has no http capability' }, redirects: [] };
    }
    const answer = this.client.exchange(request);
    if ('fatal' in answer) throw new ErrandError(answer.fatal.code, answer.fatal.message, { reason: answer.fatal.message });
    if (answer.ok) this.meter.charge(responseBytes(answer.response) * HTTP_BYTE_FUEL);
    return answer;
  }

  close(): void {
    this.client?.close();
  }
}
