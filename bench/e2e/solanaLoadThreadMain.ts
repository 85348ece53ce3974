/**
 * The Solana e2e bench's load generator, in a thread of its own (the dApps' side): closed-loop
 * requesters, each sending request_execution (confirmed) and waiting for its settlement, then the
 * next. Settlements are heard on ONE logsSubscribe (confirmed, mentioning the program) for all
 * requesters instead of each polling the RPC, so the load adds no polling to the chain's loop; of
 * each notification only the settlement events' discriminator and request address are read (the
 * first field of both), not the whole event through Anchor. One blockhash, read once a second,
 * serves every requester's sends (a dApp sending many transactions does the same).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { ERRAND_IDL, ErrandSolanaClient, type Limits, type RecentBlockhash, type Source } from '../../contracts/solana/client/index.ts';
import type { LoadResult } from './loadProtocol.ts';

export interface SolanaLoadSpec {
  rpcUrl: string;
  wsUrl: string;
  programId: string;
  /** Requester secret keys (64 bytes each). */
  keys: number[][];
  requesters: number;
  windowMs: number;
  source: Source;
  limits: Limits;
}

const spec = workerData as SolanaLoadSpec;
const connection = new Connection(spec.rpcUrl, { commitment: 'confirmed', wsEndpoint: spec.wsUrl });
const programId = new PublicKey(spec.programId);
const clients = spec.keys.map((k) => new ErrandSolanaClient(connection, Keypair.fromSecretKey(Uint8Array.from(k)), programId));
const wallMs = (): number => performance.timeOrigin + performance.now();

// ExecutionResolved's and ExecutionCancelled's discriminators (hex); the request PDA follows.
const SETTLED = new Set(
  ERRAND_IDL.events!.filter((e) => e.name === 'ExecutionResolved' || e.name === 'ExecutionCancelled').map((e) => Buffer.from(e.discriminator).toString('hex')),
);
const DATA = 'Program data: ';
// request PDA (hex) -> its waiter; a settlement heard before its waiter registered is kept.
const waiting = new Map<string, () => void>();
const settled = new Set<string>();
connection.onLogs(
  programId,
  (l) => {
    for (const line of l.logs) {
      if (!line.startsWith(DATA)) continue;
      const data = Buffer.from(line.slice(DATA.length), 'base64');
      if (data.length < 40 || !SETTLED.has(data.toString('hex', 0, 8))) continue;
      const key = data.toString('hex', 8, 40);
      const w = waiting.get(key);
      if (w) w();
      else settled.add(key);
    }
  },
  'confirmed',
);
let recent: { value: Promise<RecentBlockhash>; at: number } | undefined;
const blockhash = (): Promise<RecentBlockhash> => {
  if (!recent || Date.now() - recent.at > 1_000) recent = { value: connection.getLatestBlockhash('confirmed'), at: Date.now() };
  return recent.value;
};
await new Promise((r) => setTimeout(r, 200)); // the subscription is up

const result: LoadResult = { windowStartMs: wallMs(), requestIds: [], failures: 0, busy: 0 };
const eluStart = performance.eventLoopUtilization();
const windowEndMs = result.windowStartMs + spec.windowMs;
const deposit = await clients[0]!.estimateCost(spec.limits);
await Promise.all(
  Array.from({ length: spec.requesters }, async (_, r) => {
    for (let n = 0; wallMs() < windowEndMs; n++) {
      try {
        const sent = await clients[r % clients.length]!.requestExecution({
          source: spec.source,
          input: { kind: 'inline', data: Buffer.from(`load-${r}-${n}`) },
          limits: spec.limits,
          deposit,
          blockhash: await blockhash(),
        });
        const key = sent.request.toBuffer().toString('hex');
        if (!settled.delete(key)) {
          await new Promise<void>((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`request ${sent.requestId} not settled in 60 s`)), 60_000);
            waiting.set(key, () => (clearTimeout(t), waiting.delete(key), resolve()));
          });
        }
        result.requestIds.push(sent.requestId.toString());
      } catch (e) {
        result.failures++;
        result.firstFailure ??= e instanceof Error ? e.message : String(e);
      }
    }
  }),
);
result.busy = performance.eventLoopUtilization(eluStart).utilization;
parentPort!.postMessage(result);
