/** Shared fixtures of the Solana tests: a local Solana with a test config (short timeouts, a
 * protocol fee so fee arithmetic is exercised), funded keys, and error assertions by IDL name. */
import assert from 'node:assert/strict';
import { Keypair, LAMPORTS_PER_SOL, Transaction, type TransactionInstruction } from '@solana/web3.js';
import { isErrandError } from '../../common/errors/index.ts';
import { ERRAND_IDL, programFailure } from '../../contracts/solana/client/index.ts';
import type { ConfigArgs, ErrandSolanaClient, Limits, Source } from '../../contracts/solana/client/index.ts';
import { devConfig, LocalSolana } from '../../contracts/solana/local/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Anchor decodes the events of an IDL loaded at run time untyped
export type EventData = Record<string, any>;

export const TIMEOUT_SLOTS = 20n;
export const UNBONDING_SLOTS = 10n;

export function testConfig(owner: Keypair): ConfigArgs {
  return { ...devConfig(owner.publicKey), timeoutSlots: TIMEOUT_SLOTS, unbondingPeriodSlots: UNBONDING_SLOTS, protocolFeeBps: 250 };
}

export async function startLocal(): Promise<LocalSolana> {
  return LocalSolana.start({ slotMs: 20, config: testConfig });
}

export async function funded(local: LocalSolana, sol = 20): Promise<Keypair> {
  const k = Keypair.generate();
  const conn = local.connection();
  const sig = await conn.requestAirdrop(k.publicKey, sol * LAMPORTS_PER_SOL);
  await conn.confirmTransaction(sig, 'confirmed');
  return k;
}

/** A requester and a worker (registered, staked) on a local Solana, with a client each. */
export interface RequestFixture {
  local: LocalSolana;
  requester: Keypair;
  worker: Keypair;
  client: ErrandSolanaClient;
  workerClient: ErrandSolanaClient;
}

export async function startWithWorker(): Promise<RequestFixture> {
  const l = await startLocal();
  const requester = await funded(l);
  const worker = await funded(l);
  const workerClient = l.client(worker);
  await workerClient.registerWorker(Buffer.alloc(32, 7), Buffer.alloc(32, 9), 1_000_000_000n);
  return { local: l, requester, worker, client: l.client(requester), workerClient };
}

export const LIMITS: Limits = { maxInstructions: 5_000_000n, maxMemoryMb: 64n, maxExecutionMs: 2_000n, maxCompileMs: 1_000n };
export const SOURCE: Extract<Source, { kind: 'git' }> = { kind: 'git', repo: 'https://github.com/errand/hello', commit: 'a1b2c3', target: 'wasm32-wasip1' };

/** Asserts that `p` fails with the Errand program error named `name` in the IDL. */
export async function rejectsWith(p: Promise<unknown>, name: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isErrandError(e, 'CHAIN__TX_FAILED'), `expected CHAIN__TX_FAILED, got ${String(e)}`);
    assert.equal(e.context.kind, name);
    const code = ERRAND_IDL.errors?.find((x) => x.name === name)?.code;
    assert.equal(e.context.message, String(code));
    return true;
  });
}

/** Sends a hand-built (possibly forged) instruction; resolves to the program error name or null. */
export async function sendRaw(local: LocalSolana, ix: TransactionInstruction, signers: Keypair[]): Promise<string | null> {
  const conn = local.connection();
  const tx = new Transaction().add(ix);
  tx.recentBlockhash = (await conn.getLatestBlockhash()).blockhash;
  tx.feePayer = signers[0].publicKey;
  tx.sign(...signers);
  try {
    await conn.sendRawTransaction(tx.serialize());
    return null;
  } catch (e) {
    const logs = (e as { logs?: string[] }).logs;
    const f = programFailure(ERRAND_IDL, logs, local.programId.toBase58());
    if (!f) throw e;
    return f.name;
  }
}

export async function balance(local: LocalSolana, k: { toBase58(): string }): Promise<bigint> {
  return BigInt(local.chain.balance(k.toBase58()));
}

/** Waits until the chain's slot is past `slot`. */
export async function untilSlot(local: LocalSolana, slot: bigint): Promise<void> {
  while (BigInt(local.chain.slot()) <= slot) local.advance(1);
  await new Promise((r) => setTimeout(r, 30));
}
