/**
 * The Solana e2e bench's load generator, in a thread of its own (the dApps' side): closed-loop
 * requesters, each sending request_execution (confirmed) and waiting for its settlement, then the
 * next. Settlements are heard on ONE logsSubscribe (confirmed, mentioning the program) for all
 * requesters instead of each polling the RPC, so the load adds no polling to the chain's loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { ErrandSolanaClient, eventParser, parseEvents, type Limits, type Source } from '../../contracts/solana/client/index.ts';
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
const parser = eventParser(programId, clients[0]!.program.coder);
const wallMs = (): number => performance.timeOrigin + performance.now();

// request PDA -> its waiter; a settlement heard before its waiter registered is kept.
const waiting = new Map<string, () => void>();
const settled = new Set<string>();
connection.onLogs(
  programId,
  (l) => {
    for (const ev of parseEvents(parser, l.logs)) {
      if (ev.name !== 'executionResolved' && ev.name !== 'executionCancelled') continue;
      const key = String(ev.data['request']);
      const w = waiting.get(key);
      if (w) w();
      else settled.add(key);
    }
  },
  'confirmed',
);
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
        });
        const key = sent.request.toBase58();
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
