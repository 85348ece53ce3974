/**
 * The keystore must only be reachable on an internal network. This accepts loopback, RFC 1918 /
 * unique-local / link-local addresses and `localhost`; anything else (including the wildcard
 * 0.0.0.0 / ::) needs the explicit override, for container networks that publish no port.
 */
import { isIP } from 'node:net';

export function isInternalAddress(host: string): boolean {
  if (host === 'localhost') return true;
  const kind = isIP(host);
  if (kind === 4) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (kind === 6) {
    const h = host.toLowerCase();
    return h === '::1' || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('fe80:');
  }
  return false;
}
