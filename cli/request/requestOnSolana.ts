/**
 * The Solana half of `errand request`: estimate the deposit from the program's pricing, send
 * `request_execution` signed by the requester's keypair, and with --wait follow it
 * (followSolanaRequest.ts) and print the output, fuel, cost and refund read from the program's
 * settlement event. Exit 0 when the request was sent (and, with --wait, succeeded), 1 when it failed.
 */
import { PublicKey } from '@solana/web3.js';
import { ErrandError } from '../../common/errors/index.ts';
import type { GitSource, HttpCapability, ResourceLimits, SecretsRef } from '../../common/types/index.ts';
import type { Limits } from '../../contracts/solana/client/index.ts';
import { isSolanaAddress } from '../../keystore/envelope/solanaAddress.ts';
import type { SolanaTarget } from '../endpoint/resolveSolanaTarget.ts';
import { followSolanaRequest, type SolanaFollowed } from './followSolanaRequest.ts';
import { formatSol } from './formatSol.ts';
import type { Stage } from './stages.ts';

export interface SolanaRequestArgs {
  source: GitSource;
  input: string;
  limits: ResourceLimits;
  secretsRef: SecretsRef | undefined;
  /** From --http-allow/--http-max-requests/--http-max-bytes (httpFlags.ts), already checked. */
  http?: HttpCapability | undefined;
  wait: boolean;
  json: boolean;
}

function toLimits(l: ResourceLimits): Limits {
  // The program's limits have no scratch directory: refused rather than silently dropped.
  if (l.maxScratchMb !== undefined)
    throw new ErrandError('COMMON__INVALID_ARGUMENT', '--scratch-mb is not supported by the Errand Solana program', { field: 'scratch-mb' });
  return {
    maxInstructions: BigInt(l.maxInstructions),
    maxMemoryMb: BigInt(l.maxMemoryMb),
    maxExecutionMs: BigInt(l.maxExecutionMs),
    maxCompileMs: BigInt(l.maxCompileMs),
  };
}

export async function requestOnSolana(t: SolanaTarget, a: SolanaRequestArgs, progress: (line: string) => void): Promise<number> {
  if (a.secretsRef && !isSolanaAddress(a.secretsRef.owner)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `--secrets OWNER must be a base58 Solana public key with --chain solana, got '${a.secretsRef.owner}'`, {
      field: 'secrets',
    });
  }
  const limits = toLimits(a.limits);
  const deposit = await t.client.estimateCost(limits, a.http);
  const httpNote = a.http ? `, ${a.http.maxRequests} HTTP requests / ${a.http.maxResponseBytes} bytes to ${a.http.allow.join(' ')}` : '';
  progress(
    `estimate: ${formatSol(deposit)} deposit for ${a.limits.maxInstructions.toLocaleString('en-US')} fuel, ${a.limits.maxMemoryMb} MiB, ${a.limits.maxExecutionMs} ms${httpNote} (unused deposit is refunded)`,
  );
  const sent = await t.client.requestExecution({
    source: a.source,
    input: { kind: 'inline', data: Buffer.from(a.input) },
    limits,
    deposit,
    secretsRef: a.secretsRef ? { owner: new PublicKey(a.secretsRef.owner), profile: a.secretsRef.profile } : null,
    http: a.http ?? null,
  });
  const requestId = sent.requestId.toString();
  if (!a.wait) {
    if (a.json)
      process.stdout.write(
        `${JSON.stringify({ requestId, request: sent.request.toBase58(), signature: sent.signature, deposit: deposit.toString(), source: a.source })}\n`,
      );
    else process.stdout.write(`requested: request #${requestId} (account ${sent.request.toBase58()}, tx ${sent.signature})\n`);
    return 0;
  }
  const t0 = Date.now();
  const onStage = (stage: Stage): void => progress(`  ✓ ${stage.name.padEnd(9)} ${stage.detail} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  onStage({ name: 'requested', detail: `request #${requestId}, deposit ${formatSol(deposit)}` });
  const followed = await followSolanaRequest(t, sent.request, requestId, onStage, {
    secretsRef: a.secretsRef ?? null,
    // A worker has the compile and execution limits paid for, plus time to claim and resolve.
    timeoutMs: a.limits.maxCompileMs + a.limits.maxExecutionMs + 120_000,
  });
  return printSolanaOutcome(requestId, deposit, followed, { json: a.json, signature: sent.signature });
}

function printSolanaOutcome(requestId: string, deposit: bigint, f: SolanaFollowed, o: { json: boolean; signature: string }): number {
  const s = f.settlement;
  const output = s.output?.toString('utf8') ?? null;
  const used = s.resourcesUsed;
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({
        requestId,
        signature: o.signature,
        status: s.kind,
        success: s.success,
        resolvedBy: s.worker,
        output,
        error: s.error,
        fuel: used ? Number(used.instructions) : null,
        timeMs: used ? Number(used.timeMs) : null,
        deposit: deposit.toString(),
        charged: s.charged.toString(),
        refunded: s.refund.toString(),
        rentRefunded: s.rentRefund.toString(),
        ledgerStatus: f.ledger.ledger?.status ?? null,
      })}\n`,
    );
    return s.success ? 0 : 1;
  }
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  out(`request #${requestId}: ${s.kind} (${s.success ? 'success' : 'failed'})`);
  if (output !== null) {
    out('output:');
    out(output.replace(/\n$/, ''));
  }
  if (s.error) out(`error: ${s.error.code}: ${s.error.message}`);
  if (used) out(`fuel: ${used.instructions.toLocaleString('en-US')}  time: ${used.timeMs} ms  compile: ${used.compileTimeMs} ms`);
  out(
    `cost: ${formatSol(s.charged)} charged, ${formatSol(s.refund)} refunded of ${formatSol(deposit)} deposit (and the request's rent ${formatSol(s.rentRefund)})`,
  );
  return s.success ? 0 : 1;
}
