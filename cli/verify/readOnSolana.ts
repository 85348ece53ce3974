/**
 * readOnChain's Solana half: what the Errand Solana program says about one request, and nothing
 * from the coordinator. The program closes a request's account when it settles it, so both halves
 * come from finalized transaction logs, read as the coordinator's watcher reads them (programEvents:
 * only data Errand itself logged; toChainEvent: the same ExecutionRequest, http included):
 * `ExecutionResolved` is found by scanning the program's signatures newest first, then
 * `ExecutionRequested` among the transactions that mention the request's account. The settlement
 * is returned in the shape of NEAR's `execution_completed` data, which compareClaims reads.
 */
import { AnchorProvider, Program, Wallet, type Coder } from '@coral-xyz/anchor';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { ErrandError } from '../../common/errors/index.ts';
import type { ExecutionRequest } from '../../common/types/index.ts';
import { idlFor } from '../../contracts/solana/client/idl.ts';
import { programEvents, toChainEvent } from '../../contracts/solana/client/watcher/index.ts';
import { transactionLogs } from '../../contracts/solana/client/watcher/transactionLogs.ts';
import type { StoredHashed } from './compareClaims.ts';
import { notVerifiable } from './notVerifiable.ts';
import type { OnChain } from './readOnChain.ts';

/** Signatures of the program scanned at most, newest first (a verify of an old request on a busy
 * cluster stops here rather than reading the whole history). */
const MAX_SCAN_SIGNATURES = 100_000;
const PAGE = 1000;
/** Transactions read per batched getTransaction call. */
const BATCH = 200;

type Obj = Record<string, unknown>;

export interface SolanaReader {
  connection: Connection;
  programId: PublicKey;
}

function coderOf(r: SolanaReader): Coder {
  // The wallet is never asked to sign: the reader only reads.
  return new Program(idlFor(r.programId), new AnchorProvider(r.connection, new Wallet(Keypair.generate()), {})).coder;
}

/** Finalized, successful transactions that mention `address`, newest first, page by page. */
async function* transactionsOf(r: SolanaReader, address: PublicKey, max: number, signal?: AbortSignal) {
  let before: string | undefined;
  for (let seen = 0; seen < max;) {
    const page = await r.connection.getSignaturesForAddress(address, { limit: PAGE, ...(before ? { before } : {}) }, 'finalized');
    const ok = page.filter((s) => s.err === null);
    for (let i = 0; i < ok.length; i += BATCH) {
      const chunk = ok.slice(i, i + BATCH);
      const txs = await transactionLogs(
        r.connection,
        chunk.map((s) => s.signature),
        signal,
      );
      for (const [j, tx] of txs.entries()) if (tx && !tx.failed) yield { signature: chunk[j]!.signature, ...tx };
    }
    seen += page.length;
    if (page.length < PAGE) return;
    before = page[page.length - 1]!.signature;
  }
}

const hex = (v: unknown): string => Buffer.from(v as number[]).toString('hex');

/** The ExecutionResolved event as NEAR's execution_completed data (compareClaims.ts). */
function completedOf(d: Obj, request: ExecutionRequest): Obj {
  const out = (d['output'] ?? {}) as Obj;
  let output: Obj | null = null;
  if (out['inline']) {
    const data = Buffer.from((out['inline'] as Obj)['data'] as Uint8Array);
    // The submitter wrote the value's UTF-8 (text, json) or its decoded base64 (bytes).
    output = { format: request.responseFormat, value: request.responseFormat === 'bytes' ? data.toString('base64') : data.toString('utf8') };
  } else if (out['stored']) {
    // The program names a stored output by the sha256 of the bytes resolved (a bytes value's decoded
    // base64), not of the value's text as NEAR does: compareClaims hashes the re-execution alike.
    output = { format: 'stored', sha256: hex((out['stored'] as Obj)['sha256']), hashed: 'raw' satisfies StoredHashed };
  }
  const err = String(d['error'] ?? '');
  const colon = err.indexOf(': ');
  const used = (d['resourcesUsed'] ?? {}) as Obj;
  return {
    request_id: request.requestId,
    status: 'resolved',
    success: d['success'] === true,
    worker_id: String(d['worker']),
    ...(output ? { output } : {}),
    ...(err ? { error: colon < 0 ? { code: err, message: '' } : { code: err.slice(0, colon), message: err.slice(colon + 2) } } : {}),
    resources_used: {
      instructions: String(used['instructions']),
      time_ms: String(used['timeMs']),
      compile_time_ms: String(used['compileTimeMs']),
      http_requests: String(d['httpRequests']),
      http_response_bytes: String(d['httpResponseBytes']),
    },
    ...(Array.isArray(d['transcriptSha256']) ? { transcript_sha256: hex(d['transcriptSha256']) } : {}),
  };
}

export async function readOnSolana(r: SolanaReader, requestId: string, signal?: AbortSignal): Promise<OnChain> {
  const coder = coderOf(r);
  const programId = r.programId.toBase58();
  const isThis = (d: Obj): boolean => String(d['requestId']) === requestId;
  let resolved: Obj | undefined;
  scan: for await (const tx of transactionsOf(r, r.programId, MAX_SCAN_SIGNATURES, signal)) {
    for (const ev of programEvents(coder, programId, tx.logs)) {
      if (!ev.ok || !isThis(ev.data)) continue;
      if (ev.name === 'executionCancelled') throw notVerifiable(requestId, 'it was cancelled, not resolved by a worker');
      if (ev.name === 'executionResolved') {
        resolved = ev.data;
        break scan;
      }
      if (ev.name === 'executionRequested') throw notVerifiable(requestId, 'it is not resolved (no finalized ExecutionResolved event yet)');
    }
  }
  if (!resolved) throw new ErrandError('CLI__REQUEST_NOT_FOUND', `request ${requestId} is not settled on Solana program ${programId}`, { requestId });
  const account = resolved['request'];
  if (!(account instanceof PublicKey)) throw notVerifiable(requestId, 'its ExecutionResolved event names no request account');
  for await (const tx of transactionsOf(r, account, PAGE, signal)) {
    for (const ev of programEvents(coder, programId, tx.logs)) {
      if (!ev.ok || ev.name !== 'executionRequested' || !isThis(ev.data)) continue;
      const chainEvent = toChainEvent(ev, programId, tx.slot, tx.signature);
      if (chainEvent?.kind !== 'execution_requested')
        throw notVerifiable(
          requestId,
          `its ExecutionRequested event is not one the coordinator takes (${chainEvent?.kind === 'execution_rejected' ? chainEvent.reason : 'unknown'})`,
        );
      return { request: chainEvent.request, completed: completedOf(resolved, chainEvent.request) };
    }
  }
  throw notVerifiable(requestId, "its ExecutionRequested event was not found in the node's history (pruned?)");
}

/** A read-only reader from `errand verify`'s flags or the dev stack's Solana side. */
export function solanaReader(rpcUrl: string, programId: string, wsUrl?: string): SolanaReader {
  return { connection: new Connection(rpcUrl, { commitment: 'finalized', ...(wsUrl ? { wsEndpoint: wsUrl } : {}) }), programId: new PublicKey(programId) };
}
