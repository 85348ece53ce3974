/**
 * The hosts a request lets its program call: exact host names, optionally with a port, and at most
 * a leading `*.` wildcard (which matches one or more labels below the name, never the name
 * itself). A host is compared in lower case without a trailing dot; an entry without a port
 * allows the scheme's default port only (443 for https, 80 for http), so `api.example.com` never
 * opens `api.example.com:22`. IP literals are allowed as entries (tests, development) but are
 * still subject to the address checks (classifyAddress.ts).
 *
 * Not promised: internationalised names are compared as the program spells them in the URL
 * (WHATWG URL parsing turns them into punycode first), so an entry must be in punycode.
 */
import { ErrandError } from '../../../../common/errors/index.ts';
import { isHostPattern } from '../../../../common/types/http.ts';

export interface AllowEntry {
  /** Lower-case host without the `*.` prefix. */
  host: string;
  wildcard: boolean;
  /** Explicit port, or undefined for the scheme's default. */
  port?: number;
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;

function bad(entry: string, why: string): never {
  throw new ErrandError('COMMON__INVALID_ARGUMENT', `http allow entry '${entry}' ${why}`, { field: 'http.allow', issues: [why] });
}

/** Why a normalised host is not a host pattern (isHostPattern said no); only for the error message. */
function whyNotHostPattern(host: string, wildcard: boolean): string {
  if (host.includes('*')) return 'may have a wildcard only as a leading "*."';
  const labels = host.split('.');
  if (labels.some((l) => !LABEL.test(l))) return 'is not a host name (letters, digits, "-" and "." only, optional :port)';
  if (wildcard && labels.length < 2) return 'wildcard must name a domain of at least two labels (e.g. *.example.com)';
  return 'is not a host name of at most 253 characters';
}

/**
 * An entry is checked by the contracts' own rule (isHostPattern, common/types/http.ts) after the
 * worker's leniencies for local runs (`errand run --http-allow`): surrounding spaces, upper case, a
 * trailing dot on an exact host and leading zeros in the port are normalised away, and a bracketed
 * IPv6 literal is accepted (the chains never carry one).
 */
export function parseAllowEntry(raw: string): AllowEntry {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 300) bad(String(raw), 'must be a host name of 1..300 characters');
  let text = raw.trim().toLowerCase();
  let port: number | undefined;
  const portMatch = /^(.*):(\d{1,5})$/.exec(text);
  if (portMatch && !(text.includes('::') && !text.startsWith('['))) {
    port = Number(portMatch[2]);
    if (port < 1 || port > 65535) bad(raw, 'has a port outside 1..65535');
    text = portMatch[1];
  }
  const wildcard = text.startsWith('*.');
  const host = wildcard ? text.slice(2) : text.replace(/\.$/, '');
  if (IPV6_LITERAL.test(host)) {
    if (wildcard) bad(raw, 'cannot combine a wildcard with an IP address');
    return { host, wildcard, port };
  }
  // The port was taken off above; a ':' left in the host must not pass for one in the pattern.
  const pattern = `${wildcard ? '*.' : ''}${host}${port === undefined ? '' : `:${port}`}`;
  if (host.includes(':') || !isHostPattern(pattern)) bad(raw, whyNotHostPattern(host, wildcard));
  return { host, wildcard, port };
}

export class HttpAllowlist {
  readonly entries: readonly AllowEntry[];

  constructor(allow: readonly string[]) {
    this.entries = allow.map(parseAllowEntry);
  }

  /** `url` is a parsed http(s) URL; its hostname is already lower case and IDNA-mapped by URL. */
  allows(url: URL): boolean {
    const host = url.hostname.replace(/\.$/, '');
    const defaultPort = url.protocol === 'https:' ? 443 : 80;
    const port = url.port === '' ? defaultPort : Number(url.port);
    return this.entries.some((e) => {
      if ((e.port ?? defaultPort) !== port) return false;
      return e.wildcard ? host.endsWith(`.${e.host}`) : host === e.host;
    });
  }
}
