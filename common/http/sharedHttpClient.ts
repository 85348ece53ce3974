/**
 * The process's HttpClient for calls that have no client of their own to close (the keystore
 * client, PCS collateral, wasm_url downloads, the coordinator's keystore proxy): its idle sockets
 * never keep the process alive and close after a few seconds, so it is never closed.
 */
import { HttpClient } from './HttpClient.ts';

let shared: HttpClient | undefined;

export function sharedHttpClient(): HttpClient {
  return (shared ??= new HttpClient());
}
