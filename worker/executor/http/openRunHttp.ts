/**
 * Sets up the HTTP side of one run on the Executor's thread: validates the run's http options,
 * creates the HttpHost and the bridge, and gives back the thread's end (to transfer with the job)
 * and `finish`, which stops the host (an exchange still in flight is abandoned) and returns the
 * transcript for the result. Runs without `http` get nothing: their guests are refused in-thread.
 */
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import type { HttpTranscript } from '../../../common/types/httpTranscript.ts';
import { bad, type RunOptions } from '../RunOptions.ts';
import { serveHttpBridge, type HttpBridgeEnds } from './bridge/HttpBridge.ts';
import { normalizeHttpCapability, type HttpHostOptions } from './HttpCapability.ts';
import { DEFAULT_EXCHANGE_TIMEOUT_MS, HttpHost } from './HttpHost.ts';
import { parseTranscript } from './transcript/parseTranscript.ts';

/** How much longer than the host's exchange timeout the guest side waits before giving up. */
const BRIDGE_MARGIN_MS = 5_000;

export interface RunHttp {
  ends: HttpBridgeEnds;
  transfer: TransferListItem[];
  finish(): { transcript: HttpTranscript; transcriptSha256: string };
}

export function openRunHttp(opts: RunOptions, hostOptions: HttpHostOptions): RunHttp | undefined {
  if (!opts.http) {
    if (opts.httpReplay) bad('httpReplay', 'httpReplay needs an http capability (the allowlist and limits of the recorded run)');
    return undefined;
  }
  const capability = normalizeHttpCapability(opts.http);
  const env = opts.env ?? {};
  const secretValues = (opts.secretEnv ?? []).map((name) => {
    if (!Object.prototype.hasOwnProperty.call(env, name)) bad('secretEnv', `secretEnv names '${name}', which is not in env`);
    return env[name];
  });
  const replay = opts.httpReplay === undefined ? undefined : parseTranscript(opts.httpReplay);
  const host = new HttpHost(capability, hostOptions, secretValues, replay);
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const stop = serveHttpBridge(host, port1, signal);
  const waitMs = (hostOptions.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS) + BRIDGE_MARGIN_MS;
  return {
    ends: { port: port2, signal, waitMs },
    transfer: [port2],
    finish: () => {
      stop();
      return host.transcript();
    },
  };
}
