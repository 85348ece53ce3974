/**
 * The local Solana in a worker thread of its own, as a validator is a process of its own: LiteSVM,
 * the slot clock and the JSON-RPC + PubSub server no longer take turns with the coordinator and
 * workers on one event loop (the RPC server's JSON work was most of the stack's CPU per request),
 * and its slots keep time while the stack's loop is busy. Clients reach it only over RPC, as they
 * reach LocalSolana in the caller's thread; the owner, dev accounts and program id are derived
 * from the same fixed seeds here, so they answer synchronously.
 *
 * Not offered: direct LiteSVM access (`chain`, forged accounts, extra programs): tests that need
 * those run LocalSolana in their own thread.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { Connection, type Commitment, type Keypair, type PublicKey } from '@solana/web3.js';
import { ErrandError } from '../../../../common/errors/index.ts';
import { trackResource } from '../../../../common/testing/leaks.ts';
import { startTsThread, threadReady } from '../../../../common/threads/startTsThread.ts';
import { toError } from '../../../../common/threads/threadErrors.ts';
import { ErrandSolanaClient } from '../../client/ErrandSolanaClient.ts';
import { devAccountKeypairs, devKeypair, programKeypair } from '../LocalSolana.ts';
import type { SolanaCall, SolanaThreadData, SolanaThreadMessage, SolanaThreadOptions, SolanaTxObservation } from './protocol.ts';

const ENTRY = new URL('./chainThreadMain.ts', import.meta.url);

type Pending = { resolve: (value: number | undefined) => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface LocalSolanaThreadOptions extends SolanaThreadOptions {
  /** Forward every slot and executed transaction to onSlot/onTransaction listeners. */
  observe?: boolean;
}

export class LocalSolanaThread {
  private readonly pending = new Map<number, Pending>();
  private readonly slotListeners = new Set<(slot: number, atMs: number) => void>();
  private readonly txListeners = new Set<(tx: SolanaTxObservation) => void>();
  private nextId = 1;
  private stopped: string | null = null;
  readonly owner: Keypair = devKeypair('owner');
  readonly programId: PublicKey = programKeypair().publicKey;
  readonly devAccounts: Keypair[];

  private constructor(
    private readonly worker: Worker,
    readonly url: string,
    readonly wsUrl: string,
    devAccounts: number,
    private readonly untrack: () => void,
  ) {
    this.devAccounts = devAccountKeypairs(devAccounts);
    worker.on('message', (m: SolanaThreadMessage) => this.onMessage(m));
    worker.on('error', (e) => this.ended(`chain thread error: ${e.message}`));
    worker.on('exit', (code) => this.ended(`chain thread exited with code ${code}`));
  }

  static async start(opts: LocalSolanaThreadOptions = {}): Promise<LocalSolanaThread> {
    const { observe = false, ...options } = opts;
    const data: SolanaThreadData = { options, observe };
    const worker = startTsThread(ENTRY, { workerData: data });
    const untrack = trackResource('local Solana thread');
    try {
      const ready = await threadReady(
        worker,
        (m: SolanaThreadMessage) => ('kind' in m && m.kind === 'ready' ? m : undefined),
        (reason) => new ErrandError('CHAIN__LOCAL_CHAIN_STOPPED', `the local Solana thread stopped while starting: ${reason}`, { reason }),
      );
      return new LocalSolanaThread(worker, ready.url, ready.wsUrl, options.devAccounts ?? 4, untrack);
    } catch (e) {
      untrack();
      throw e;
    }
  }

  /** A web3.js Connection to this chain (PubSub on the same port). */
  connection(commitment: Commitment = 'confirmed'): Connection {
    return new Connection(this.url, { commitment, wsEndpoint: this.wsUrl });
  }

  client(payer: Keypair): ErrandSolanaClient {
    return new ErrandSolanaClient(this.connection(), payer, this.programId);
  }

  /** Sets a system account's balance (genesis funding: no transaction, no history). */
  async fund(key: PublicKey, lamports: bigint): Promise<void> {
    await this.call({ op: 'fund', key: key.toBase58(), lamports });
  }

  /** Advances the clock by `slots`; answers the new slot. */
  async advance(slots = 1): Promise<number> {
    return (await this.call({ op: 'advance', slots }))!;
  }

  /** Hears every slot as it is produced (only when started with `observe`). */
  onSlot(listener: (slot: number, atMs: number) => void): () => void {
    this.slotListeners.add(listener);
    return () => this.slotListeners.delete(listener);
  }

  /** Hears every transaction the chain executed (only when started with `observe`). */
  onTransaction(listener: (tx: SolanaTxObservation) => void): () => void {
    this.txListeners.add(listener);
    return () => this.txListeners.delete(listener);
  }

  /** How busy the chain thread's event loop has been (since `since`, a value this returned earlier). */
  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // A clean close stops the RPC server first (its sockets), then the thread exits by itself.
    await this.call({ op: 'close' }).catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.worker.terminate();
    this.ended('closed');
  }

  private call(c: DistributiveOmit<SolanaCall, 'id'>): Promise<number | undefined> {
    if (this.stopped)
      return Promise.reject(new ErrandError('CHAIN__LOCAL_CHAIN_STOPPED', `the local Solana is stopped: ${this.stopped}`, { reason: this.stopped }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...c, id } as SolanaCall);
    });
  }

  private onMessage(m: SolanaThreadMessage): void {
    if ('id' in m) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.value);
      else p?.reject(toError(m.error, 'local Solana thread'));
      return;
    }
    if (m.kind === 'slot') for (const l of this.slotListeners) l(m.slot, m.atMs);
    else if (m.kind === 'tx') for (const l of this.txListeners) l(m.tx);
  }

  private ended(reason: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.untrack();
    for (const p of this.pending.values()) p.reject(new ErrandError('CHAIN__LOCAL_CHAIN_STOPPED', `the local Solana stopped: ${reason}`, { reason }));
    this.pending.clear();
  }
}
