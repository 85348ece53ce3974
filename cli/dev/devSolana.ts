/**
 * The local Solana of `errand dev --chain solana`: LiteSVM behind JSON-RPC + PubSub with the
 * committed program deployed through the upgradeable loader and its Config initialized, a funded
 * user, and worker authorities registered and staked on the program (each with its own key as
 * worker key and the worker build's measurement). Dev keys come from fixed seeds: local use only.
 * It runs in a worker thread of its own (LocalSolanaThread): its RPC server and slot clock do not
 * take turns with the coordinator and workers on the stack's event loop.
 */
import { LAMPORTS_PER_SOL, type Keypair } from '@solana/web3.js';
import type { ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import { devKeypair, LocalSolanaThread } from '../../contracts/solana/local/index.ts';

export interface DevSolanaOptions {
  workers: number;
  measurement: string;
  /** Milliseconds per slot; a request is final 32 slots after it lands. */
  slotMs: number;
  /** Slots after which anyone may cancel an unresolved request (refund but the base fee). */
  timeoutSlots: number;
  /** Forward every slot and executed transaction to the local chain's listeners (benchmarks). */
  observe?: boolean;
}

export interface DevSolana {
  local: LocalSolanaThread;
  programId: string;
  /** The dev requester (funded). */
  user: Keypair;
  /** Worker authorities, registered and staked on the program. */
  workers: Keypair[];
  client(payer: Keypair): ErrandSolanaClient;
  close(): Promise<void>;
}

export async function startDevSolana(o: DevSolanaOptions): Promise<DevSolana> {
  // Fast slots, but a blockhash valid for about a minute of wall time as on Solana (150 slots of
  // 400 ms): with 150 slots of 10 ms, a busy machine expires transactions before they are sent.
  const maxBlockhashAge = Math.max(150, Math.ceil(60_000 / Math.max(1, o.slotMs)));
  const local = await LocalSolanaThread.start({
    slotMs: o.slotMs,
    maxBlockhashAge,
    devAccounts: 1,
    devAccountSol: 1_000,
    timeoutSlots: BigInt(o.timeoutSlots),
    observe: o.observe,
  });
  try {
    const workers = Array.from({ length: o.workers }, (_, i) => devKeypair(`worker-${i + 1}`));
    const minStake = (await local.client(local.owner).getConfig()).minStake;
    await Promise.all(
      workers.map(async (w) => {
        await local.fund(w.publicKey, BigInt(100 * LAMPORTS_PER_SOL));
        await local.client(w).registerWorker(w.publicKey.toBytes(), Buffer.from(o.measurement, 'hex'), minStake);
      }),
    );
    return {
      local,
      programId: local.programId.toBase58(),
      user: local.devAccounts[0]!,
      workers,
      client: (payer) => local.client(payer),
      close: () => local.stop(),
    };
  } catch (e) {
    await local.stop();
    throw e;
  }
}
