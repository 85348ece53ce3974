/**
 * DNS resolution by the worker, with every address checked before anything connects: a name that
 * resolves to any refused address (loopback, private, link-local, metadata...) is refused as a
 * whole, so a rebinding answer that mixes a public and a private address cannot pick the private
 * one later. The caller connects to the returned (checked) address, never to a second lookup.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addressAllowed } from '../policy/classifyAddress.ts';
import { HttpFailure } from './HttpFailure.ts';

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export async function resolveChecked(hostname: string, devMode: boolean): Promise<CheckedAddress> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (isIP(bare) !== 0) {
    addresses = [{ address: bare, family: isIP(bare) }];
  } else {
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch (e) {
      throw new HttpFailure('network', `DNS lookup of ${bare} failed: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  if (addresses.length === 0) throw new HttpFailure('network', `DNS lookup of ${bare} returned no address`);
  for (const a of addresses) {
    const verdict = addressAllowed(a.address, devMode);
    if (!verdict.ok) throw new HttpFailure('denied', `${bare} resolves to ${a.address}, a ${verdict.cls} address the worker does not connect to`);
  }
  const first = addresses[0];
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
