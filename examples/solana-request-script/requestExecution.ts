/**
 * Requesting an execution from the Errand Solana program with nothing but @solana/web3.js: the
 * instruction is encoded by hand in the program's Anchor wire format (see
 * contracts/solana/README.md), the deposit is the program's own estimate_cost read from its Config
 * account, and the result is the `ExecutionResolved` event of the transaction that resolved the
 * request, found through getSignaturesForAddress on the request's address. A dApp in another
 * language does the same with its own Solana SDK.
 */
import { createHash, randomBytes } from 'node:crypto';
import { PublicKey, SystemProgram, Transaction, TransactionInstruction, sendAndConfirmTransaction, type Connection, type Keypair } from '@solana/web3.js';

export interface GitSource {
  repo: string;
  commit: string;
  target?: 'wasm32-wasip1' | 'wasm32-wasip2';
}
export interface Limits {
  maxInstructions: bigint;
  maxMemoryMb: bigint;
  maxExecutionMs: bigint;
  maxCompileMs: bigint;
}
export interface Resolved {
  requestId: bigint;
  success: boolean;
  output: Buffer | null;
  error: string;
  charged: bigint;
  refund: bigint;
  signature: string;
}

const disc = (s: string): Buffer => createHash('sha256').update(s).digest().subarray(0, 8);
const u64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};
const str = (s: string): Buffer => {
  const body = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  return Buffer.concat([len, body]);
};

/** estimate_cost(limits) from the Config account (pricing: 6 x u64 at offset 24; the last two, the
 * HTTP prices, do not apply to a request without the http capability). */
export async function estimateCost(connection: Connection, programId: PublicKey, l: Limits): Promise<bigint> {
  const config = PublicKey.findProgramAddressSync([Buffer.from('config')], programId)[0];
  const info = await connection.getAccountInfo(config, 'confirmed');
  if (!info || !info.owner.equals(programId)) throw new Error(`no Errand Config account at ${config.toBase58()}`);
  const [base, perMillion, perMs, perCompileMs] = [0, 1, 2, 3].map((i) => info.data.readBigUInt64LE(24 + 8 * i));
  return base + (l.maxInstructions * perMillion + 999_999n) / 1_000_000n + l.maxExecutionMs * perMs + l.maxCompileMs * perCompileMs;
}

/** request_execution(nonce, deposit, Source::Git, Input::Inline, limits, format text, no secrets, no http, no callback). */
export function requestInstruction(
  programId: PublicKey,
  requester: PublicKey,
  nonce: bigint,
  deposit: bigint,
  source: GitSource,
  input: Buffer,
  l: Limits,
): { ix: TransactionInstruction; request: PublicKey } {
  const request = PublicKey.findProgramAddressSync([Buffer.from('request'), requester.toBuffer(), u64(nonce)], programId)[0];
  const config = PublicKey.findProgramAddressSync([Buffer.from('config')], programId)[0];
  const inputBytes = Buffer.concat([Buffer.alloc(4), input]);
  inputBytes.writeUInt32LE(input.length);
  const data = Buffer.concat([
    disc('global:request_execution'),
    u64(nonce),
    u64(deposit),
    Buffer.from([0]),
    str(source.repo),
    str(source.commit),
    str(source.target ?? 'wasm32-wasip1'),
    Buffer.from([0]),
    Buffer.from([0]),
    inputBytes,
    u64(l.maxInstructions),
    u64(l.maxMemoryMb),
    u64(l.maxExecutionMs),
    u64(l.maxCompileMs),
    Buffer.from([0, 0, 0, 0]), // response_format text; secrets_ref, http, callback: None
  ]);
  const keys = [
    { pubkey: requester, isSigner: true, isWritable: true },
    { pubkey: config, isSigner: false, isWritable: true },
    { pubkey: request, isSigner: false, isWritable: true },
    { pubkey: SystemProgram.programId, isSigner: false, isWritable: false },
  ];
  return { ix: new TransactionInstruction({ programId, keys, data }), request };
}

/** Errand's own `Program data:` payloads in a transaction's logs (the invoke stack tells whose). */
function errandEvents(logs: string[], programId: string): Buffer[] {
  const stack: string[] = [];
  const out: Buffer[] = [];
  for (const line of logs) {
    const m = /^Program (\S+) invoke/.exec(line);
    if (m) stack.push(m[1]);
    else if (/^Program \S+ (success|failed)/.test(line)) stack.pop();
    else if (line.startsWith('Program data: ') && stack.at(-1) === programId) out.push(Buffer.from(line.slice(14), 'base64'));
  }
  return out;
}

/** ExecutionResolved: request, request_id, requester, worker, success, charged, worker_payment,
 * protocol_fee, refund, rent_refund, resources_used, output, error, ... */
function decodeResolved(e: Buffer, signature: string): Resolved {
  let p = 8 + 32;
  const requestId = e.readBigUInt64LE(p);
  p += 8 + 32 + 32;
  const success = e[p] === 1;
  p += 1;
  const charged = e.readBigUInt64LE(p);
  p += 8 * 3;
  const refund = e.readBigUInt64LE(p);
  p += 8 * 2 + 8 * 3;
  let output: Buffer | null = null;
  const tag = e[p];
  p += 1;
  if (tag === 1) {
    const n = e.readUInt32LE(p);
    output = e.subarray(p + 4, p + 4 + n);
    p += 4 + n;
  } else if (tag === 2) {
    p += 32 + 8;
    p += 4 + e.readUInt32LE(p);
  }
  const errLen = e.readUInt32LE(p);
  const error = e.subarray(p + 4, p + 4 + errLen).toString('utf8');
  return { requestId, success, output, error, charged, refund, signature };
}

/** Polls the request address's history until a transaction carries its ExecutionResolved. */
export async function waitForResolved(connection: Connection, programId: PublicKey, request: PublicKey, timeoutMs: number, pollMs = 500): Promise<Resolved> {
  const RESOLVED = disc('event:ExecutionResolved');
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const s of await connection.getSignaturesForAddress(request, { limit: 20 }, 'confirmed')) {
      if (seen.has(s.signature) || s.err) continue;
      seen.add(s.signature);
      const tx = await connection.getTransaction(s.signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
      for (const e of errandEvents(tx?.meta?.logMessages ?? [], programId.toBase58())) {
        if (e.subarray(0, 8).equals(RESOLVED) && e.subarray(8, 40).equals(request.toBuffer())) return decodeResolved(e, s.signature);
      }
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`request ${request.toBase58()} was not resolved within ${timeoutMs} ms`);
}

/** Sends the request; returns its address and id (from the ExecutionRequested event: request_id at offset 40). */
export async function requestExecution(
  connection: Connection,
  payer: Keypair,
  programId: PublicKey,
  source: GitSource,
  input: Buffer,
  limits: Limits,
): Promise<{ request: PublicKey; requestId: bigint; deposit: bigint; signature: string }> {
  const deposit = await estimateCost(connection, programId, limits);
  const { ix, request } = requestInstruction(programId, payer.publicKey, randomBytes(8).readBigUInt64LE(), deposit, source, input, limits);
  const signature = await sendAndConfirmTransaction(connection, new Transaction().add(ix), [payer], { commitment: 'confirmed' });
  const tx = await connection.getTransaction(signature, { commitment: 'confirmed', maxSupportedTransactionVersion: 0 });
  const requested = errandEvents(tx?.meta?.logMessages ?? [], programId.toBase58()).find((e) => e.subarray(0, 8).equals(disc('event:ExecutionRequested')));
  if (!requested) throw new Error(`request_execution landed without an ExecutionRequested event (${signature})`);
  return { request, requestId: requested.readBigUInt64LE(40), deposit, signature };
}
