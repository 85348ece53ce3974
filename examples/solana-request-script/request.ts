/**
 * Requests an execution from the Errand Solana program and waits for its result, with
 * @solana/web3.js only (requestExecution.ts):
 *
 *   node bin/run-ts.mjs examples/solana-request-script/request.ts --rpc-url URL [--ws-url URL] \
 *     --program ID --keypair FILE --repo URL --commit REV [--input TEXT] [--timeout-ms N]
 *
 * Prints the request id, the deposit, then the output (or the error), what was charged and the
 * refund. Exit 0 on success, 1 when the execution failed or timed out, 2 for bad arguments.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { requestExecution, waitForResolved, type Limits } from './requestExecution.ts';

const USAGE = 'usage: request.ts --rpc-url URL [--ws-url URL] --program ID --keypair FILE --repo URL --commit REV [--input TEXT] [--timeout-ms N]';
export const LIMITS: Limits = { maxInstructions: 100_000_000n, maxMemoryMb: 64n, maxExecutionMs: 10_000n, maxCompileMs: 120_000n };

export async function main(argv: string[]): Promise<number> {
  let v: Record<string, string | undefined>;
  try {
    v = parseArgs({
      args: argv,
      options: Object.fromEntries(
        ['rpc-url', 'ws-url', 'program', 'keypair', 'repo', 'commit', 'input', 'timeout-ms'].map((k) => [k, { type: 'string' as const }]),
      ),
    }).values;
    for (const k of ['rpc-url', 'program', 'keypair', 'repo', 'commit']) if (!v[k]) throw new Error(`--${k} is required`);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const connection = new Connection(v['rpc-url']!, { commitment: 'confirmed', ...(v['ws-url'] && { wsEndpoint: v['ws-url'] }) });
  const payer = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(v.keypair!, 'utf8')) as number[]));
  const programId = new PublicKey(v.program!);
  const sent = await requestExecution(connection, payer, programId, { repo: v.repo!, commit: v.commit! }, Buffer.from(v.input ?? '', 'utf8'), LIMITS);
  console.log(`requested: request #${sent.requestId} at ${sent.request.toBase58()}, deposit ${sent.deposit} lamports (tx ${sent.signature})`);
  try {
    const r = await waitForResolved(connection, programId, sent.request, Number(v['timeout-ms'] ?? 600_000));
    console.log(r.success ? `output: ${JSON.stringify(r.output?.toString('utf8') ?? '')}` : `error: ${r.error}`);
    console.log(`charged ${r.charged} lamports, refunded ${r.refund} (tx ${r.signature})`);
    return r.success ? 0 : 1;
  } catch (e) {
    console.error((e as Error).message);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
