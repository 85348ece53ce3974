/**
 * The JSON-RPC methods an unmodified @solana/web3.js Connection and Anchor use, answered from
 * LocalSvm (getTokenAccountsByOwner: base64 only, no jsonParsed). Block height equals the slot (no skipped slots); a blockhash stays valid for 150 slots
 * as reported by lastValidBlockHeight. Unknown methods get -32601.
 */
import { utils } from '@coral-xyz/anchor';
import { Keypair, SystemProgram, Transaction } from '@solana/web3.js';
import { RejectedTransaction, reaches, type Commitment, type LocalSvm } from '../chain/LocalSvm.ts';
import type { TxRecord } from '../chain/TxRecord.ts';
import { describeError } from '../chain/txError.ts';
import { parseWire, type WireTx } from '../chain/wireTx.ts';
import { accountInfo, parseKey, programAccounts, tokenAccountsByOwner } from './accounts.ts';
import { encodeTransaction } from './encodeTransaction.ts';
import { INVALID_PARAMS, METHOD_NOT_FOUND, PREFLIGHT_FAILURE, RpcError } from './rpcError.ts';

export interface RpcContext {
  chain: LocalSvm;
  faucet: Keypair;
  genesisHash: string;
}

type Params = unknown[];
type Config = Record<string, unknown> | undefined;
type Handler = (ctx: RpcContext, params: Params) => unknown;

function cfg(params: Params, i: number): Config {
  const c = params[i];
  return c && typeof c === 'object' ? (c as Record<string, unknown>) : undefined;
}
function commitment(c: Config): Commitment {
  const v = c?.commitment;
  return v === 'processed' || v === 'confirmed' ? v : v === 'recent' ? 'processed' : v === 'single' ? 'confirmed' : 'finalized';
}
function withContext(ctx: RpcContext, value: unknown) {
  return { context: { apiVersion: '2.2.0', slot: ctx.chain.slot() }, value };
}
/** The transaction's bytes and their parse (done once: LocalSvm takes it for the preflight and the send). */
function wire(params: Params): { bytes: Buffer; tx: WireTx } {
  const encoded = params[0];
  if (typeof encoded !== 'string') throw new RpcError(INVALID_PARAMS, 'Invalid params: transaction must be a string');
  const encoding = cfg(params, 1)?.encoding ?? 'base58';
  try {
    const bytes = encoding === 'base64' ? Buffer.from(encoded, 'base64') : Buffer.from(decode58(encoded));
    return { bytes, tx: parseWire(bytes) };
  } catch (e) {
    throw new RpcError(INVALID_PARAMS, `invalid transaction: failed to deserialize (${(e as Error).message})`);
  }
}
const decode58 = (s: string) => utils.bytes.bs58.decode(s);

function simulate(ctx: RpcContext, w: { bytes: Buffer; tx: WireTx }, sigVerify: boolean) {
  if (!sigVerify) ctx.chain.svm.setSigverify(false);
  try {
    return ctx.chain.simulate(w.bytes, w.tx);
  } finally {
    if (!sigVerify) ctx.chain.svm.setSigverify(true);
  }
}

function status(ctx: RpcContext, signature: string) {
  const r = ctx.chain.transaction(signature);
  if (!r) return null;
  const c = ctx.chain.commitmentOf(r);
  return {
    slot: r.slot,
    confirmations: c === 'finalized' ? null : ctx.chain.slot() - r.slot,
    err: r.err,
    status: r.err === null ? { Ok: null } : { Err: r.err },
    confirmationStatus: c,
  };
}

function sendTransaction(ctx: RpcContext, params: Params): string {
  const w = wire(params);
  if (cfg(params, 1)?.skipPreflight !== true) {
    const sim = simulate(ctx, w, true);
    if (sim.err !== null) {
      throw new RpcError(PREFLIGHT_FAILURE, `Transaction simulation failed: ${describeError(sim.err, sim.logs)}`, {
        err: sim.err,
        logs: sim.logs,
        accounts: null,
        unitsConsumed: sim.unitsConsumed,
        returnData: null,
      });
    }
  }
  try {
    return ctx.chain.send(w.bytes, w.tx).signature;
  } catch (e) {
    if (e instanceof RejectedTransaction) {
      throw new RpcError(PREFLIGHT_FAILURE, `Transaction simulation failed: ${e.message}`, {
        err: e.rpcError,
        logs: e.logs,
        accounts: null,
        unitsConsumed: e.unitsConsumed,
        returnData: null,
      });
    }
    throw e;
  }
}

function requestAirdrop(ctx: RpcContext, params: Params): string {
  const to = parseKey(params[0]);
  const lamports = Number(params[1]);
  if (!Number.isSafeInteger(lamports) || lamports <= 0) throw new RpcError(INVALID_PARAMS, 'Invalid params: lamports');
  const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: ctx.faucet.publicKey, toPubkey: to, lamports }));
  tx.recentBlockhash = ctx.chain.svm.latestBlockhash();
  tx.feePayer = ctx.faucet.publicKey;
  tx.sign(ctx.faucet);
  return ctx.chain.send(tx.serialize()).signature;
}

export const methods: Record<string, Handler> = {
  getHealth: () => 'ok',
  getVersion: () => ({ 'solana-core': '2.2.0', 'feature-set': 0 }),
  getGenesisHash: (ctx) => ctx.genesisHash,
  getSlot: (ctx) => ctx.chain.slot(),
  getBlockHeight: (ctx) => ctx.chain.slot(),
  getEpochInfo: (ctx) => ({
    absoluteSlot: ctx.chain.slot(),
    blockHeight: ctx.chain.slot(),
    epoch: 0,
    slotIndex: ctx.chain.slot(),
    slotsInEpoch: 432000,
    transactionCount: null,
  }),
  getLatestBlockhash: (ctx) => withContext(ctx, ctx.chain.latestBlockhash()),
  isBlockhashValid: (ctx, p) => withContext(ctx, ctx.chain.isRecentBlockhash(String(p[0]))),
  getFeeForMessage: (ctx) => withContext(ctx, 5000),
  getRecentPrioritizationFees: () => [],
  getMinimumBalanceForRentExemption: (ctx, p) => Number(ctx.chain.svm.minimumBalanceForRentExemption(BigInt(Number(p[0] ?? 0)))),
  getBalance: (ctx, p) => withContext(ctx, ctx.chain.balance(parseKey(p[0]).toBase58())),
  getAccountInfo: (ctx, p) => withContext(ctx, accountInfo(ctx.chain, p[0])),
  getMultipleAccounts: (ctx, p) =>
    withContext(
      ctx,
      (Array.isArray(p[0]) ? p[0] : []).map((k) => accountInfo(ctx.chain, k)),
    ),
  getProgramAccounts: (ctx, p) => {
    const c = cfg(p, 1);
    const list = programAccounts(ctx.chain, p[0], (c?.filters as never) ?? []);
    return c?.withContext ? withContext(ctx, list) : list;
  },
  getTokenAccountsByOwner: (ctx, p) => withContext(ctx, tokenAccountsByOwner(ctx.chain, p[0], p[1], cfg(p, 2)?.encoding)),
  requestAirdrop,
  sendTransaction,
  simulateTransaction: (ctx, p) => {
    const sim = simulate(ctx, wire(p), cfg(p, 1)?.sigVerify === true);
    return withContext(ctx, { err: sim.err, logs: sim.logs, accounts: null, unitsConsumed: sim.unitsConsumed, returnData: null });
  },
  getSignatureStatuses: (ctx, p) =>
    withContext(
      ctx,
      (Array.isArray(p[0]) ? p[0] : []).map((s) => status(ctx, String(s))),
    ),
  getSignaturesForAddress: (ctx, p) => {
    const c = cfg(p, 1);
    const want = commitment(c);
    const address = parseKey(p[0]).toBase58();
    const limit = Math.min(Number(c?.limit ?? 1000), 1000);
    const visible = (r: TxRecord | undefined): r is TxRecord => r !== undefined && reaches(ctx.chain.commitmentOf(r), want);
    // A `before` or `until` the list does not hold is ignored, as the whole list was filtered then cut.
    const beforeRecord = typeof c?.before === 'string' ? ctx.chain.transaction(c.before) : undefined;
    const before = visible(beforeRecord) && beforeRecord.accountKeys.includes(address) ? beforeRecord.signature : undefined;
    const until = typeof c?.until === 'string' ? c.until : undefined;
    // Walks from the newest and stops at `until` or the limit: a watcher asking "what is new since
    // my cursor" costs what is new, not the address's whole history.
    const out: TxRecord[] = [];
    let skipping = before !== undefined;
    for (const r of ctx.chain.signaturesNewestFirst(address)) {
      if (out.length >= limit) break;
      if (!visible(r)) continue;
      if (skipping) {
        skipping = r.signature !== before;
        continue;
      }
      if (r.signature === until) break;
      out.push(r);
    }
    return out.map((r) => ({
      signature: r.signature,
      slot: r.slot,
      err: r.err,
      memo: null,
      blockTime: r.blockTime,
      confirmationStatus: ctx.chain.commitmentOf(r),
    }));
  },
  getTransaction: (ctx, p) => {
    const c = cfg(p, 1);
    const r = ctx.chain.transaction(String(p[0]));
    if (!r || !reaches(ctx.chain.commitmentOf(r), commitment(c))) return null;
    return encodeTransaction(r, String(c?.encoding ?? 'json'), c?.maxSupportedTransactionVersion !== undefined);
  },
  getFirstAvailableBlock: () => 0,
  minimumLedgerSlot: () => 0,
  getBlockTime: () => Math.floor(Date.now() / 1000),
};

export function dispatch(ctx: RpcContext, method: string, params: Params): unknown {
  const h = Object.hasOwn(methods, method) ? methods[method] : undefined;
  if (!h) throw new RpcError(METHOD_NOT_FOUND, `Method not found: ${method}`);
  return h(ctx, params);
}
