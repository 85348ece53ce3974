/**
 * The end-to-end harness on Solana: the dev stack with the local Solana (the real program on
 * LiteSVM behind JSON-RPC), a requester paying from the dev user's key, and the settlement read
 * back from the program's event, with the requester's balance checked against it.
 */
import { PublicKey, type Keypair } from '@solana/web3.js';
import type { DevStack, DevStackOptions } from '../../cli/dev/startDevStack.ts';
import type { HttpCapability, ResourceLimits, ResponseFormat, SecretsRef } from '../../common/types/index.ts';
import { waitForSettlement, type Limits, type RequestSettlement } from '../../contracts/solana/client/index.ts';
import { LIMITS, startE2eStack, type StepLog } from './helpers.ts';

export interface SolSettled extends RequestSettlement {
  request: PublicKey;
  deposit: bigint;
  baseFee: bigint;
  /** The requester's balance change from just after the request to after the settlement. */
  balanceBack: bigint;
}

export function startSolanaStack(steps: StepLog, over: Partial<DevStackOptions> = {}): Promise<DevStack> {
  return startE2eStack(steps, { chains: ['solana'], ...over });
}

export const toSolanaLimits = (l: ResourceLimits): Limits => ({
  maxInstructions: BigInt(l.maxInstructions),
  maxMemoryMb: BigInt(l.maxMemoryMb),
  maxExecutionMs: BigInt(l.maxExecutionMs),
  maxCompileMs: BigInt(l.maxCompileMs),
});

export interface SolRequestOptions {
  secretsRef?: SecretsRef;
  http?: HttpCapability;
  limits?: ResourceLimits;
  commit?: string;
  responseFormat?: ResponseFormat;
  as?: Keypair;
  /** Cancel it once its deadline passed instead of waiting for a worker. */
  cancelAfterDeadline?: boolean;
}

export async function solanaRequest(stack: DevStack, repo: string, input: string, opts: SolRequestOptions = {}) {
  const sol = stack.solana!;
  const client = sol.client(opts.as ?? sol.user);
  return client.requestExecution({
    source: { kind: 'git', repo, commit: opts.commit ?? 'main', target: 'wasm32-wasip1' },
    input: { kind: 'inline', data: Buffer.from(input) },
    limits: toSolanaLimits(opts.limits ?? LIMITS),
    responseFormat: opts.responseFormat,
    secretsRef: opts.secretsRef ? { owner: new PublicKey(opts.secretsRef.owner), profile: opts.secretsRef.profile } : null,
    http: opts.http ?? null,
  });
}

/** request_execution as the dev user (or `as`), then waits for the program's settlement event. */
export async function solanaRequestAndSettle(stack: DevStack, repo: string, input: string, opts: SolRequestOptions = {}): Promise<SolSettled> {
  const sol = stack.solana!;
  const payer = opts.as ?? sol.user;
  const client = sol.client(payer);
  const sent = await solanaRequest(stack, repo, input, opts);
  const after = BigInt(await client.connection.getBalance(payer.publicKey, 'confirmed'));
  if (opts.cancelAfterDeadline) {
    const deadline = BigInt(String(sent.event.data['deadlineSlot']));
    while (BigInt(await client.connection.getSlot('confirmed')) <= deadline) await new Promise((r) => setTimeout(r, 50));
    await client.cancelStaleExecution(sent.request, payer.publicKey);
  }
  const s = await waitForSettlement(client, sent.request);
  // The canceller (here the requester) pays the cancel transaction's fee.
  const fee = opts.cancelAfterDeadline ? 5_000n : 0n;
  const end = BigInt(await client.connection.getBalance(payer.publicKey, 'confirmed'));
  const config = await client.getConfig();
  return { ...s, request: sent.request, deposit: BigInt(String(sent.event.data['deposit'])), baseFee: config.pricing.baseFee, balanceBack: end - after + fee };
}

export const text = (s: SolSettled): string | null => s.output?.toString('utf8') ?? null;
