/**
 * NEP-297 event logs of the Errand contract: `EVENT_JSON:{"standard":"errand","version":"1.0.0",
 * "event":…,"data":[{…}]}`. Lines that are not Errand events are ignored; an Errand event with a
 * bad shape is reported by a coded error so it is never silently lost.
 */
import { ErrandError } from '../../../common/errors/index.ts';

export interface ErrandEvent {
  event: string;
  version: string;
  data: Record<string, unknown>;
}

const PREFIX = 'EVENT_JSON:';

export function parseErrandEvent(log: string): ErrandEvent | null {
  if (!log.startsWith(PREFIX)) return null;
  let json: unknown;
  try {
    json = JSON.parse(log.slice(PREFIX.length));
  } catch {
    return null;
  }
  const o = json as { standard?: unknown; version?: unknown; event?: unknown; data?: unknown };
  if (o.standard !== 'errand') return null;
  if (typeof o.event !== 'string' || typeof o.version !== 'string' || !Array.isArray(o.data) || typeof o.data[0] !== 'object' || o.data[0] === null) {
    throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', 'malformed errand NEP-297 event', { what: 'event', detail: log.slice(0, 200) });
  }
  return { event: o.event, version: o.version, data: o.data[0] as Record<string, unknown> };
}
