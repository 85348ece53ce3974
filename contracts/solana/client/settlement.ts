/**
 * What a requester waits for on Solana: the event that settled its request. The program closes a
 * request when it settles it, so the `ExecutionResolved` or `ExecutionCancelled` event (in a
 * transaction that mentions the request's address) is the authoritative result: output, error,
 * charge and refunds. Polls the address's signatures at `confirmed` until one carries it;
 * `settlementInTransaction` reads it from one known transaction (the dashboard's, from the
 * request's recorded resolve transaction).
 */
import type { PublicKey } from '@solana/web3.js';
import { withTimeout, throwIfAborted } from '../../../common/abort.ts';
import type { ErrandSolanaClient } from './ErrandSolanaClient.ts';
import { eventParser, parseEvents, type DecodedEvent } from './events.ts';

export interface RequestSettlement {
  kind: 'resolved' | 'cancelled';
  signature: string;
  requestId: bigint;
  success: boolean;
  /** The inline output's bytes (null: none, or stored by reference). */
  output: Buffer | null;
  /** `CODE: message` as the worker wrote it, split (null when empty). */
  error: { code: string; message: string } | null;
  charged: bigint;
  refund: bigint;
  rentRefund: bigint;
  /** The resolving worker's authority (null for a cancel). */
  worker: string | null;
  resourcesUsed: { instructions: bigint; timeMs: bigint; compileTimeMs: bigint } | null;
  /** sha256 (hex) of the HTTP transcript the worker claimed (null: none, or a cancel). */
  transcriptSha256: string | null;
  /** HTTP usage as charged (capped at the capability); null for a cancel. */
  httpUsed: { requests: bigint; responseBytes: bigint } | null;
}

type Obj = Record<string, { toString(): string } & Record<string, unknown>>;
const big = (v: unknown): bigint => BigInt(String(v));

export async function waitForSettlement(
  client: ErrandSolanaClient,
  request: PublicKey,
  opts: { signal?: AbortSignal; timeoutMs?: number; pollMs?: number } = {},
): Promise<RequestSettlement> {
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const signal = withTimeout(opts.signal, timeoutMs);
  const parser = eventParser(client.programId, client.program.coder);
  const seen = new Set<string>();
  for (;;) {
    throwIfAborted(signal, 'waiting for a Solana settlement', timeoutMs);
    const sigs = await client.connection.getSignaturesForAddress(request, { limit: 20 }, 'confirmed');
    for (const s of sigs) {
      if (seen.has(s.signature) || s.err !== null) continue;
      const tx = await client.connection.getTransaction(s.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
      if (!tx?.meta) continue;
      seen.add(s.signature);
      for (const ev of parseEvents(parser, tx.meta.logMessages ?? [])) {
        const found = fromEvent(s.signature, ev, (d) => String(d['request']) === request.toBase58());
        if (found) return found;
      }
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 25));
  }
}

/** The settlement of request `requestId` that the landed transaction `signature` logged (null: none). */
export async function settlementInTransaction(client: ErrandSolanaClient, signature: string, requestId: bigint): Promise<RequestSettlement | null> {
  const tx = await client.connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
  if (!tx?.meta || tx.meta.err !== null) return null;
  const parser = eventParser(client.programId, client.program.coder);
  for (const ev of parseEvents(parser, tx.meta.logMessages ?? [])) {
    const found = fromEvent(signature, ev, (d) => big(d['requestId']) === requestId);
    if (found) return found;
  }
  return null;
}

function fromEvent(signature: string, ev: DecodedEvent, mine: (d: Obj) => boolean): RequestSettlement | null {
  const d = ev.data as Obj;
  if (ev.name !== 'executionCancelled' && ev.name !== 'executionResolved') return null;
  if (!mine(d)) return null;
  if (ev.name === 'executionResolved') return resolved(signature, d);
  return {
    kind: 'cancelled',
    signature,
    requestId: big(d['requestId']),
    success: false,
    output: null,
    error: null,
    charged: big(d['feesKept']),
    refund: big(d['refund']),
    rentRefund: big(d['rentRefund']),
    worker: null,
    resourcesUsed: null,
    transcriptSha256: null,
    httpUsed: null,
  };
}

function resolved(signature: string, d: Obj): RequestSettlement {
  const out = d['output'] as unknown as { inline?: { data: Uint8Array } };
  const err = String(d['error']);
  const colon = err.indexOf(': ');
  const u = d['resourcesUsed'] as unknown as Record<string, unknown>;
  return {
    kind: 'resolved',
    signature,
    requestId: big(d['requestId']),
    success: (d['success'] as unknown) === true,
    output: out.inline ? Buffer.from(out.inline.data) : null,
    error: err === '' ? null : colon < 0 ? { code: err, message: '' } : { code: err.slice(0, colon), message: err.slice(colon + 2) },
    charged: big(d['charged']),
    refund: big(d['refund']),
    rentRefund: big(d['rentRefund']),
    worker: String(d['worker']),
    resourcesUsed: { instructions: big(u['instructions']), timeMs: big(u['timeMs']), compileTimeMs: big(u['compileTimeMs']) },
    transcriptSha256: Array.isArray(d['transcriptSha256']) ? Buffer.from(d['transcriptSha256'] as unknown as number[]).toString('hex') : null,
    httpUsed: { requests: big(d['httpRequests']), responseBytes: big(d['httpResponseBytes']) },
  };
}
