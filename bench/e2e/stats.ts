/** Shared pieces of the e2e benches (NEAR and Solana): percentiles, formatting, the trivial module's server. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TRIVIAL_COMMAND } from '../programs/trivialCommand.ts';

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
export const fmt = (x: number): string => x.toFixed(1);
export const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
export const wallMs = (): number => performance.timeOrigin + performance.now();
export const loadAverage = async (): Promise<string> => (await readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' ');

/** Serves the trivial module at its wasm_url (only fetched if the coordinator's copy were evicted). */
export async function serveModule(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/wasm' }).end(TRIVIAL_COMMAND));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/trivial.wasm`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
