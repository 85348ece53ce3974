/**
 * Client-side cost of one HTTP call, fetch against Errand's HttpClient (undici's Agent, keep-alive
 * pools): N sequential NEAR JSON-RPC calls through rpcCall (near-api-js's fetch-based
 * JsonRpcProvider vs KeepAliveJsonRpcProvider) and N coordinator /health calls (a bare fetch with
 * AbortSignal.timeout + JSON parse, as the client's old fetch transport made them, vs
 * CoordinatorClient), all to a JSON server in a child process, so this process's CPU time is the
 * client's alone. CPU per call is the load-independent figure; wall time moves with the
 * machine's load. Each is the best of ROUNDS runs.
 * Last line: `bench rpc-transport: rpc_fetch_cpu_us=A rpc_keepalive_cpu_us=B coordinator_fetch_cpu_us=C coordinator_keepalive_cpu_us=D`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { JsonRpcProvider } from '@near-js/providers';
import { KeepAliveJsonRpcProvider, rpcCall } from '../contracts/near/client/index.ts';
import { CoordinatorClient } from '../coordinator/client/CoordinatorClient.ts';

const CALLS = Number(process.env.BENCH_RPC_CALLS ?? 2000);
const ROUNDS = 3;

// A JSON-RPC answer about the size of a `block` result (~1 KB), for any path.
const SERVER = `
const http = require('node:http');
const result = { header: { height: 1, hash: 'h'.repeat(44), prev_hash: 'p'.repeat(44), timestamp_nanosec: '1' }, chunks: Array.from({ length: 4 }, (_, i) => ({ chunk_hash: String(i).repeat(44), shard_id: i })) };
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const id = body ? JSON.parse(body).id : null;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id, result, status: 'ok' }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

interface Figure {
  cpuUs: number;
  wallUs: number;
}

async function measure(call: () => Promise<unknown>): Promise<Figure> {
  for (let i = 0; i < 200; i++) await call();
  let best: Figure = { cpuUs: Infinity, wallUs: Infinity };
  for (let r = 0; r < ROUNDS; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) await call();
    const wallUs = ((performance.now() - t0) * 1000) / CALLS;
    const cpu = process.cpuUsage(cpu0);
    const cpuUs = (cpu.user + cpu.system) / CALLS;
    if (cpuUs < best.cpuUs) best = { cpuUs, wallUs };
  }
  return best;
}

function show(what: string, f: Figure): void {
  console.log(`  ${what.padEnd(44)} ${f.cpuUs.toFixed(0).padStart(5)} us CPU/call  ${f.wallUs.toFixed(0).padStart(5)} us wall/call`);
}

export async function main(): Promise<void> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [port] = (await once(child.stdout!, 'data')) as [Buffer];
    const url = `http://127.0.0.1:${String(port).trim()}`;
    console.log(`rpc-transport bench: ${CALLS} sequential calls per round, best of ${ROUNDS}, server in a child process`);
    const near = new JsonRpcProvider({ url }, { retries: 2, backoff: 2, wait: 100 });
    const keepAlive = new KeepAliveJsonRpcProvider({ url }, { retries: 2, backoff: 2, wait: 100 });
    const rpcFetch = await measure(() => rpcCall(near, 'block', { finality: 'final' }));
    show('NEAR RPC, near-api-js JsonRpcProvider (fetch)', rpcFetch);
    const rpcKeepAlive = await measure(() => rpcCall(keepAlive, 'block', { finality: 'final' }));
    show('NEAR RPC, KeepAliveJsonRpcProvider', rpcKeepAlive);
    keepAlive.close();

    const viaPool = new CoordinatorClient({ baseUrl: url });
    const coordFetch = await measure(async () => (await fetch(`${url}/health`, { signal: AbortSignal.timeout(15_000) })).json());
    show('coordinator /health, bare fetch', coordFetch);
    const coordKeepAlive = await measure(() => viaPool.health());
    show('coordinator, CoordinatorClient keep-alive', coordKeepAlive);
    viaPool.close();

    const f = (x: Figure) => x.cpuUs.toFixed(0);
    console.log(
      `bench rpc-transport: rpc_fetch_cpu_us=${f(rpcFetch)} rpc_keepalive_cpu_us=${f(rpcKeepAlive)} coordinator_fetch_cpu_us=${f(coordFetch)} coordinator_keepalive_cpu_us=${f(coordKeepAlive)}`,
    );
  } finally {
    child.kill();
  }
}
