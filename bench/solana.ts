/**
 * Solana benchmark on the local Solana (LiteSVM behind JSON-RPC/PubSub, slots every 400 ms as on
 * mainnet's target; BENCH_SOLANA_SLOT_MS to change), through an unmodified web3.js Connection:
 *  - request_to_event: from calling request_execution to a `confirmed` onLogs subscriber (what the
 *    coordinator's watcher uses) holding the ExecutionRequested event, decoded by Anchor;
 *  - resolve: a worker's resolve_execution from send to `confirmed` and read back;
 *  - compute units of both instructions as the runtime meters them (what a mainnet user pays for;
 *    the default per-instruction budget is 200,000).
 * Latencies are dominated by the slot time (confirmation is one slot after landing).
 * Last line: `bench solana: request_to_event_p50_ms=A resolve_p50_ms=B compute_units_request=C compute_units_resolve=D`.
 */
import { Keypair } from '@solana/web3.js';
import { eventParser, parseEvents, requestAddress } from '../contracts/solana/client/index.ts';
import { LocalSolana } from '../contracts/solana/local/index.ts';

const SAMPLES = Number(process.env.BENCH_SOLANA_SAMPLES ?? 15);
const SLOT_MS = Number(process.env.BENCH_SOLANA_SLOT_MS ?? 400);
const LIMITS = { maxInstructions: 50_000_000n, maxMemoryMb: 128n, maxExecutionMs: 5_000n, maxCompileMs: 60_000n };
const SOURCE = { kind: 'git' as const, repo: 'https://github.com/errand/bench', commit: 'f'.repeat(40), target: 'wasm32-wasip1' as const };

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function main(): Promise<void> {
  const local = await LocalSolana.start({ slotMs: SLOT_MS });
  try {
    const [requester, worker] = local.devAccounts;
    const client = local.client(requester);
    const workerClient = local.client(worker);
    await workerClient.registerWorker(Keypair.generate().publicKey.toBytes(), Buffer.alloc(48, 1), 1_000_000_000n);
    const conn = local.connection('confirmed');
    const parser = eventParser(local.programId, client.program.coder);
    const waiting = new Map<string, (t: number) => void>();
    const sub = conn.onLogs(
      local.programId,
      (logs) => {
        for (const e of parseEvents(parser, logs.logs)) {
          if (e.name === 'executionRequested') waiting.get(String(e.data.request))?.(performance.now());
        }
      },
      'confirmed',
    );
    await new Promise((r) => setTimeout(r, 100));

    const toEvent: number[] = [],
      resolve: number[] = [];
    let cuRequest = 0,
      cuResolve = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const nonce = BigInt(i + 1);
      const address = requestAddress(local.programId, requester.publicKey, nonce).toBase58();
      const heard = new Promise<number>((r) => waiting.set(address, r));
      const t0 = performance.now();
      const sent = await client.requestExecution({ source: SOURCE, input: { kind: 'inline', data: Buffer.from(`bench ${i}`) }, limits: LIMITS, nonce });
      toEvent.push((await heard) - t0);
      waiting.delete(address);
      cuRequest = sent.computeUnits;
      const t1 = performance.now();
      const res = await workerClient.resolveExecution(sent.request, requester.publicKey, {
        success: true,
        resourcesUsed: { instructions: 1_000_000n + BigInt(i), timeMs: 12n, compileTimeMs: 0n },
        output: { kind: 'inline', data: Buffer.from('{"ok":true}') },
        error: '',
      });
      resolve.push(performance.now() - t1);
      cuResolve = res.computeUnits;
    }
    await conn.removeOnLogsListener(sub);
    console.log(
      `solana: ${SAMPLES} requests, slot ${SLOT_MS} ms; request_to_event ms p50=${p50(toEvent).toFixed(0)} max=${Math.max(...toEvent).toFixed(0)}; resolve ms p50=${p50(resolve).toFixed(0)} max=${Math.max(...resolve).toFixed(0)}`,
    );
    console.log(
      `bench solana: request_to_event_p50_ms=${p50(toEvent).toFixed(0)} resolve_p50_ms=${p50(resolve).toFixed(0)} compute_units_request=${cuRequest} compute_units_resolve=${cuResolve}`,
    );
  } finally {
    await local.stop();
  }
}
