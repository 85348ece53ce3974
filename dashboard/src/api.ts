/**
 * The page's only way out: JSON calls and event streams to the coordinator that served it (the
 * Content-Security-Policy forbids any other origin). Errors come back coded ({error, code}) and
 * are shown with their code, as ErrandError's are.
 */
import type { DashboardConfig } from './types.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}) } });
  } catch {
    throw new ApiError('DASHBOARD__OFFLINE', 'the coordinator did not answer', 0);
  }
  const body = (await res.json().catch(() => null)) as (T & { error?: string; code?: string }) | null;
  if (!res.ok || body === null) throw new ApiError(body?.code ?? `HTTP_${res.status}`, body?.error ?? `HTTP ${res.status}`, res.status);
  return body;
}

export function getJson<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return call<T>(qs ? `${path}?${qs}` : path);
}

export function postJson<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

let config: Promise<DashboardConfig> | undefined;

/** The coordinator's dashboard settings, read once per page load (a failed read is retried next time). */
export function dashboardConfig(): Promise<DashboardConfig> {
  config ??= getJson<DashboardConfig>('/v1/dashboard/config').catch((e: unknown) => {
    config = undefined;
    throw e;
  });
  return config;
}

/** Subscribes to an SSE stream; returns the function that closes it. EventSource reconnects by itself. */
export function onEvents(path: string, handlers: Record<string, (data: unknown) => void>): () => void {
  const source = new EventSource(path);
  for (const [event, fn] of Object.entries(handlers)) {
    source.addEventListener(event, (e) => fn(JSON.parse((e as MessageEvent<string>).data)));
  }
  if (handlers.end) source.addEventListener('end', () => source.close());
  return () => source.close();
}

/** The message a person reads for any error: the text and its stable code. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  const coded = e as { code?: unknown; message?: unknown };
  if (typeof coded?.code === 'string' && typeof coded.message === 'string') return `${coded.message} (${coded.code})`;
  return e instanceof Error ? e.message : String(e);
}
