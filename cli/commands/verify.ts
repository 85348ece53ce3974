/**
 * `errand verify REQUEST_ID [--json] [--chain near|solana]`: audits a worker. Reads the request and
 * its settlement from the chain (NEAR: the `execution_requested` and `execution_completed` events;
 * Solana: the program's ExecutionRequested and ExecutionResolved events), the module and the HTTP
 * transcript from the coordinator, re-executes with the request's limits and the recorded HTTP
 * responses (no network), and prints whether the output hash, the fuel and the transcript hash
 * match what the worker claimed on-chain. Exit 0 on match, 1 on mismatch, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import { resolveTarget, TARGET_OPTIONS, TARGET_USAGE } from '../endpoint/resolveTarget.ts';
import { compareClaims } from '../verify/compareClaims.ts';
import { fetchParts } from '../verify/fetchParts.ts';
import { readOnChain, type OnChain } from '../verify/readOnChain.ts';
import { readOnSolana } from '../verify/readOnSolana.ts';
import { reexecute } from '../verify/reexecute.ts';
import { verifyFlags, VERIFY_FLAG_OPTIONS, VERIFY_FLAGS_USAGE } from '../verify/verifyFlags.ts';
import { programEnv } from '../verify/secretsEnv.ts';
import { solanaVerifyTarget } from '../verify/solanaVerifyTarget.ts';
import type { PartsSource } from '../verify/fetchParts.ts';

export const summary = "re-execute a resolved request and check the worker's claims: verify REQUEST_ID [--json]";
export const usage = `usage: errand verify REQUEST_ID [--json] [--chain near|solana] ${VERIFY_FLAGS_USAGE} ${TARGET_USAGE}
       errand verify REQUEST_ID --chain solana [--data-dir D] | [--rpc-url URL [--ws-url URL] --program ID] [--coordinator URL --token T]
  Re-executes request REQUEST_ID (its module from the coordinator's cache, its input and limits from
  the chain, its HTTP exchanges replayed from the coordinator's transcript, no network) and prints,
  for the output hash, the fuel and the transcript hash, 'match' or 'mismatch' against what the
  worker claimed on-chain; the last line is 'match' or 'mismatch'. Exit 0 on match, 1 on mismatch.
  Without network flags, the running errand dev stack of --data-dir (.errand/dev) is used.
  A module the coordinator no longer has is rebuilt from the request's source at its pinned commit,
  as a worker builds it (--sandbox bwrap|docker, default bwrap; progress on stderr); --rebuild
  rebuilds anyway and adds a 'module' line: whether the rebuild's sha256 is the module the worker ran.
  A request that used secrets is re-executed only by their owner: --secrets-env FILE, a JSON object
  of the environment the program received (name -> value; read into memory, never logged or written).`;

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...TARGET_OPTIONS,
      ...VERIFY_FLAG_OPTIONS,
      program: { type: 'string' },
      'ws-url': { type: 'string' },
      json: { type: 'boolean', default: false },
      chain: { type: 'string', default: 'near' },
    },
  });
  if (positionals.length !== 1) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'expected exactly one REQUEST_ID', { field: 'id' });
  const requestId = positionals[0]!;
  if (v.chain !== 'near' && v.chain !== 'solana')
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `--chain must be near or solana, got '${v.chain}'`, { field: 'chain' });
  if (!/^\d{1,19}$/.test(requestId))
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `REQUEST_ID must be the chain's request id (a number), got '${requestId}'`, { field: 'id' });
  if (v.chain === 'near' && (v.program !== undefined || v['ws-url'] !== undefined))
    throw new ErrandError('COMMON__INVALID_ARGUMENT', '--program and --ws-url are Solana flags: add --chain solana', { field: 'chain' });
  const flags = await verifyFlags(v);
  let target: PartsSource & { close(): void };
  let read: () => Promise<OnChain>;
  if (v.chain === 'solana') {
    const sol = solanaVerifyTarget(v);
    target = sol.parts;
    read = () => readOnSolana(sol.reader, requestId);
  } else {
    const near = resolveTarget(v, false);
    target = near;
    read = () => readOnChain(near, requestId);
  }
  try {
    const { request, completed } = await read();
    const env = programEnv(request, flags.secretsEnv);
    const parts = await fetchParts(target, request, typeof completed['transcript_sha256'] === 'string', flags);
    const rerun = await reexecute(request, parts.wasm, parts.transcript?.value, env);
    const checks = [
      ...compareClaims(completed, rerun, request.limits.maxInstructions, parts.transcript?.sha256),
      ...(parts.reproduced ? [parts.reproduced] : []),
    ];
    const match = checks.every((c) => c.match);
    if (v.json) {
      process.stdout.write(`${JSON.stringify({ requestId, match, worker: completed['worker_id'] ?? null, module: parts.moduleSha256, checks })}\n`);
    } else {
      process.stdout.write(`request #${requestId} (worker ${String(completed['worker_id'] ?? '?')}, module ${parts.moduleSha256})\n`);
      for (const c of checks) {
        const [said, found] = c.name === 'module' ? ['worker ran', 'rebuilt'] : ['on-chain', 're-executed'];
        const detail = c.match ? c.claimed : `${said} ${c.claimed}, ${found} ${c.recomputed}`;
        process.stdout.write(`  ${c.name.padEnd(10)} ${c.match ? 'match' : 'mismatch'} (${detail})\n`);
      }
      process.stdout.write(`${match ? 'match' : 'mismatch'}\n`);
    }
    return match ? 0 : 1;
  } finally {
    target.close();
  }
}
