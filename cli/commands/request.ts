/**
 * `errand request SOURCE ...`: asks the Errand contract (or with --chain solana the Errand Solana
 * program, cli/request/requestOnSolana.ts) to run a program, as a dApp would: the cost is
 * estimated, `request_execution` is signed by the dev account of the running `errand dev` stack
 * (or by --key-file / --keypair on a real network), and with --wait each stage is shown until the chain
 * settles the request, then the output, fuel, cost and refund. Exit 0 when the request was sent
 * (and, with --wait, succeeded), 1 when it failed, 2 for bad arguments.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ErrandError } from '../../common/errors/index.ts';
import type { HttpCapability, ResourceLimits, SecretsRef } from '../../common/types/index.ts';
import { resolveSource } from '../endpoint/resolveSource.ts';
import { resolveTarget, TARGET_OPTIONS, TARGET_USAGE } from '../endpoint/resolveTarget.ts';
import { followRequest } from '../request/followRequest.ts';
import { requestOnSolana } from '../request/requestOnSolana.ts';
import { resolveSolanaTarget, SOLANA_TARGET_OPTIONS, SOLANA_TARGET_USAGE } from '../endpoint/resolveSolanaTarget.ts';
import { HTTP_FLAG_OPTIONS, HTTP_FLAG_USAGE, httpFromFlags } from '../request/httpFlags.ts';
import { printOutcome } from '../request/printOutcome.ts';
import { formatNear } from '../request/stages.ts';

export const summary = 'request an execution on-chain and follow it: request SOURCE [--input STR] [--wait]';
export const usage = `usage: errand request SOURCE [--commit C] [--target wasm32-wasip1|wasm32-wasip2] [--input STR | --input-file F]
       [--secrets OWNER/PROFILE] [--fuel N] [--memory-mb N] [--timeout-ms N] [--compile-timeout-ms N]
       [--scratch-mb N] [--http-allow HOST ... [--http-max-requests N] [--http-max-bytes N]]
       [--chain near|solana] [--wait] [--json] ${TARGET_USAGE}
       ${SOLANA_TARGET_USAGE}
  SOURCE     a git URL, or (against errand dev) a local directory: a git work tree is built at its HEAD,
             any other directory is snapshotted into a git repository first
  --wait     follow the request (requested, claimed, compiled, secrets, executed, resolved, refunded)
             and print its output, fuel, cost and refund
  --json     print one JSON object (progress goes to stderr)
  --scratch-mb N  give the program an in-memory /tmp of N MiB (counts toward --memory-mb, must stay below it)
  --chain solana  request through the Errand Solana program (--secrets OWNER is then a base58 public key)
${HTTP_FLAG_USAGE}
  (the HTTP capability is priced in the estimate; its exchanges are recorded in a transcript whose hash
   goes on-chain, for errand verify)
  Without network flags, the running errand dev stack of --data-dir (.errand/dev) is used.`;

const DEFAULT_LIMITS: ResourceLimits = { maxInstructions: 100_000_000, maxMemoryMb: 64, maxExecutionMs: 10_000, maxCompileMs: 120_000 };

function invalid(field: string, message: string): ErrandError<'COMMON__INVALID_ARGUMENT'> {
  return new ErrandError('COMMON__INVALID_ARGUMENT', message, { field, issues: [message] });
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,16}$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text)))
    throw invalid(flag, `--${flag} must be a positive integer, got '${text}'`);
  return Number(text);
}

function secretsRef(text: string | undefined): SecretsRef | undefined {
  if (text === undefined) return undefined;
  const m = /^([^/\s]{2,64})\/([^/\s]{1,64})$/.exec(text);
  if (!m) throw invalid('secrets', `--secrets must be OWNER/PROFILE, got '${text}'`);
  return { owner: m[1]!, profile: m[2]! };
}

export async function run(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...TARGET_OPTIONS,
      ...SOLANA_TARGET_OPTIONS,
      ...HTTP_FLAG_OPTIONS,
      commit: { type: 'string' },
      target: { type: 'string' },
      input: { type: 'string' },
      'input-file': { type: 'string' },
      secrets: { type: 'string' },
      fuel: { type: 'string' },
      'memory-mb': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'compile-timeout-ms': { type: 'string' },
      'scratch-mb': { type: 'string' },
      chain: { type: 'string', default: 'near' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw invalid('source', 'expected exactly one SOURCE');
  if (v.chain !== 'near' && v.chain !== 'solana') throw invalid('chain', `--chain must be near or solana, got '${v.chain}'`);
  if (v.input !== undefined && v['input-file'] !== undefined) throw invalid('input', 'give --input or --input-file, not both');
  const limits: ResourceLimits = {
    maxInstructions: count('fuel', v.fuel, DEFAULT_LIMITS.maxInstructions),
    maxMemoryMb: count('memory-mb', v['memory-mb'], DEFAULT_LIMITS.maxMemoryMb),
    maxExecutionMs: count('timeout-ms', v['timeout-ms'], DEFAULT_LIMITS.maxExecutionMs),
    maxCompileMs: count('compile-timeout-ms', v['compile-timeout-ms'], DEFAULT_LIMITS.maxCompileMs),
  };
  if (v['scratch-mb'] !== undefined) {
    limits.maxScratchMb = count('scratch-mb', v['scratch-mb'], 0);
    if (limits.maxScratchMb >= limits.maxMemoryMb)
      throw invalid(
        'scratch-mb',
        `--scratch-mb (${limits.maxScratchMb}) must be below --memory-mb (${limits.maxMemoryMb}): the scratch directory counts toward memory`,
      );
  }
  const secrets = secretsRef(v.secrets);
  const http = httpFromFlags(v);
  let input = v.input ?? '';
  if (v['input-file'] !== undefined) {
    try {
      input = await readFile(v['input-file'], 'utf8');
    } catch (e) {
      throw invalid('input-file', `cannot read ${v['input-file']}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);

  if (v.chain === 'solana') return requestSolana(v, positionals[0]!, input, limits, secrets, http, progress);
  if (v.program !== undefined || v.keypair !== undefined || v['ws-url'] !== undefined)
    throw invalid('chain', '--program, --keypair and --ws-url are Solana flags: add --chain solana');
  const target = resolveTarget(v, true);
  try {
    // Refused here, before anything is paid, when a local path meets a real network.
    const { source, notes } = resolveSource({ source: positionals[0]!, commit: v.commit, target: v.target }, target.dev, target.dataDir);
    for (const note of notes) progress(`note: ${note}`);
    const deposit = await target.near.estimateCost(limits, undefined, { inputBytes: Buffer.byteLength(input), http });
    const httpNote = http ? `, ${http.maxRequests} HTTP requests / ${http.maxResponseBytes} bytes to ${http.allow.join(' ')}` : '';
    progress(
      `estimate: ${formatNear(deposit.toString())} deposit for ${limits.maxInstructions.toLocaleString('en-US')} fuel, ${limits.maxMemoryMb} MiB, ${limits.maxExecutionMs} ms${httpNote} (unused deposit is refunded)`,
    );
    const { txHash, requestId } = await target.near.requestExecution({ source, input, limits, secretsRef: secrets, http }, deposit);
    if (!v.wait) {
      if (v.json) process.stdout.write(`${JSON.stringify({ requestId, txHash, deposit: deposit.toString(), source })}\n`);
      else process.stdout.write(`requested: request #${requestId} (tx ${txHash}); follow it with: npx errand status ${requestId}\n`);
      return 0;
    }
    const t0 = Date.now();
    const state = await followRequest(target, requestId, (stage) =>
      progress(`  ✓ ${stage.name.padEnd(9)} ${stage.detail} (${((Date.now() - t0) / 1000).toFixed(1)}s)`),
    );
    return printOutcome(state, { json: v.json, txHash });
  } finally {
    target.close();
  }
}

async function requestSolana(
  v: Parameters<typeof resolveSolanaTarget>[0] & { commit?: string; target?: string; wait: boolean; json: boolean },
  sourceArg: string,
  input: string,
  limits: ResourceLimits,
  secrets: SecretsRef | undefined,
  http: HttpCapability | undefined,
  progress: (line: string) => void,
): Promise<number> {
  const target = resolveSolanaTarget(v);
  try {
    const { source, notes } = resolveSource({ source: sourceArg, commit: v.commit, target: v.target }, target.dev, target.dataDir);
    for (const note of notes) progress(`note: ${note}`);
    return await requestOnSolana(target, { source, input, limits, secretsRef: secrets, http, wait: v.wait, json: v.json }, progress);
  } finally {
    target.close();
  }
}
