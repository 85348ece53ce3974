/**
 * Which IP addresses a worker may connect to on a program's behalf. Only public unicast addresses
 * are allowed: loopback, private (RFC 1918, IPv6 unique-local), link-local (incl. the cloud
 * metadata address 169.254.169.254 and fd00:ec2::254), CGNAT (100.64/10), "this network",
 * multicast, broadcast, documentation, benchmarking and reserved ranges are refused, in IPv4 and
 * IPv6, and IPv4 addresses embedded in IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged as the IPv4 address they carry.
 * Development mode may allow loopback (local test servers); nothing else is ever allowed.
 */
import { BlockList, isIP } from 'node:net';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link_local' | 'metadata' | 'cgnat' | 'reserved' | 'multicast';

function list(entries: [string, number][], type: 'ipv4' | 'ipv6'): BlockList {
  const b = new BlockList();
  for (const [net, prefix] of entries) b.addSubnet(net, prefix, type);
  return b;
}

const V4: [AddressClass, BlockList][] = [
  [
    'metadata',
    list(
      [
        ['169.254.169.254', 32],
        ['100.100.100.200', 32],
      ],
      'ipv4',
    ),
  ],
  ['loopback', list([['127.0.0.0', 8]], 'ipv4')],
  [
    'private',
    list(
      [
        ['10.0.0.0', 8],
        ['172.16.0.0', 12],
        ['192.168.0.0', 16],
      ],
      'ipv4',
    ),
  ],
  ['link_local', list([['169.254.0.0', 16]], 'ipv4')],
  ['cgnat', list([['100.64.0.0', 10]], 'ipv4')],
  ['multicast', list([['224.0.0.0', 4]], 'ipv4')],
  [
    'reserved',
    list(
      [
        ['0.0.0.0', 8],
        ['192.0.0.0', 24],
        ['192.0.2.0', 24],
        ['198.18.0.0', 15],
        ['198.51.100.0', 24],
        ['203.0.113.0', 24],
        ['240.0.0.0', 4],
      ],
      'ipv4',
    ),
  ],
];

const V6: [AddressClass, BlockList][] = [
  ['metadata', list([['fd00:ec2::254', 128]], 'ipv6')],
  ['loopback', list([['::1', 128]], 'ipv6')],
  ['private', list([['fc00::', 7]], 'ipv6')],
  ['link_local', list([['fe80::', 10]], 'ipv6')],
  ['multicast', list([['ff00::', 8]], 'ipv6')],
  [
    'reserved',
    list(
      [
        ['::', 128],
        ['100::', 64],
        ['2001:db8::', 32],
        ['2001::', 23],
        ['fec0::', 10],
      ],
      'ipv6',
    ),
  ],
];

/** Expands an IPv6 text address to its 8 groups (numbers). */
function groups(v6: string): number[] {
  let text = v6;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

const v4Of = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(v6: string): string | undefined {
  const g = groups(v6);
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4Of(g[6], g[7]);
  if (zeros(0, 6) && (g[6] !== 0 || g[7] > 1)) return v4Of(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Of(g[6], g[7]);
  if (g[0] === 0x2002) return v4Of(g[1], g[2]);
  return undefined;
}

export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'reserved';
  if (family === 6) {
    const v4 = embeddedV4(bare);
    if (v4 !== undefined) return classifyAddress(v4);
    for (const [cls, b] of V6) if (b.check(bare, 'ipv6')) return cls;
    return 'public';
  }
  if (bare === '255.255.255.255') return 'reserved';
  for (const [cls, b] of V4) if (b.check(bare, 'ipv4')) return cls;
  return 'public';
}

/** Whether the worker may connect to `address`: public always; loopback only in development mode. */
export function addressAllowed(address: string, devMode: boolean): { ok: true } | { ok: false; cls: AddressClass } {
  const cls = classifyAddress(address);
  if (cls === 'public' || (devMode && cls === 'loopback')) return { ok: true };
  return { ok: false, cls };
}
