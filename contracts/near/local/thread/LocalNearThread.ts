/**
 * The local NEAR chain in a worker thread of its own, as a real node is a process of its own: its
 * block production, contract runs and JSON-RPC server no longer take turns with the coordinator
 * and workers on one event loop, so on a machine with more than one core they run side by side.
 * Clients reach it only over JSON-RPC, exactly as they reach LocalNear in the caller's thread.
 *
 * Accounts get their keys here, in the owner's thread (the chain thread is told the key), so
 * `secretKeyOf` answers synchronously. Not offered: direct state access (`chain`, `view`,
 * `produceBlock`): tests that need those run LocalNear in their own thread.
 */
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { KeyPair } from 'near-api-js';
import type { KeyPairString } from '@near-js/crypto';
import { KeepAliveJsonRpcProvider } from '../../client/KeepAliveJsonRpcProvider.ts';
import { ErrandError } from '../../../../common/errors/index.ts';
import { trackResource } from '../../../../common/testing/leaks.ts';
import { startTsThread, threadReady } from '../../../../common/threads/startTsThread.ts';
import { toError } from '../../../../common/threads/threadErrors.ts';
import type { LocalNearOptions } from '../LocalNear.ts';
import type { BlockObservation, ChainCall, ChainThreadData, ChainThreadMessage, TxObservation } from './protocol.ts';

const ENTRY = new URL('./chainThreadMain.ts', import.meta.url);

type Pending = { resolve: () => void; reject: (e: Error) => void };
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export interface LocalNearThreadOptions extends LocalNearOptions {
  /** Forward every block and accepted transaction to onBlock/onTxSubmitted listeners. */
  observe?: boolean;
}

export class LocalNearThread {
  private readonly keys = new Map<string, KeyPair>();
  private readonly pending = new Map<number, Pending>();
  private readonly blockListeners = new Set<(b: BlockObservation) => void>();
  private readonly txListeners = new Set<(t: TxObservation) => void>();
  private nextId = 1;
  private stopped: string | null = null;
  readonly provider: KeepAliveJsonRpcProvider;

  private constructor(
    private readonly worker: Worker,
    readonly rpcUrl: string,
    private readonly untrack: () => void,
  ) {
    this.provider = new KeepAliveJsonRpcProvider({ url: rpcUrl }, { retries: 1, backoff: 1, wait: 0 });
    worker.on('message', (m: ChainThreadMessage) => this.onMessage(m));
    worker.on('error', (e) => this.stop(`chain thread error: ${e.message}`));
    worker.on('exit', (code) => this.stop(`chain thread exited with code ${code}`));
  }

  static async start(opts: LocalNearThreadOptions = {}): Promise<LocalNearThread> {
    const { observe = false, ...options } = opts;
    const data: ChainThreadData = { options, observe };
    const worker = startTsThread(ENTRY, { workerData: data });
    const untrack = trackResource('local NEAR chain thread');
    try {
      const rpcUrl = await threadReady(
        worker,
        (m: ChainThreadMessage) => ('kind' in m && m.kind === 'ready' ? m.rpcUrl : undefined),
        (reason) => new ErrandError('CHAIN__LOCAL_CHAIN_STOPPED', `the local chain thread stopped while starting: ${reason}`, { reason }),
      );
      return new LocalNearThread(worker, rpcUrl, untrack);
    } catch (e) {
      untrack();
      throw e;
    }
  }

  /** Creates an account with `balance` yoctoNEAR and a fresh full-access key (genesis-style). */
  async createAccount(accountId: string, balance: bigint): Promise<KeyPair> {
    const keyPair = KeyPair.fromRandom('ed25519');
    await this.call({ op: 'createAccount', accountId, balance, secretKey: keyPair.toString() });
    this.keys.set(accountId, keyPair);
    return keyPair;
  }

  async deployContract(accountId: string, wasm: Uint8Array): Promise<void> {
    await this.call({ op: 'deployContract', accountId, wasm });
  }

  /** The secret key of an account created here, `ed25519:...`. */
  secretKeyOf(accountId: string): KeyPairString {
    const key = this.keys.get(accountId);
    if (!key) throw new ErrandError('CHAIN__ACCOUNT_NOT_FOUND', `no key for ${accountId} on the local chain`, { accountId });
    return key.toString() as KeyPairString;
  }

  /** Hears every block (only when started with `observe`). */
  onBlock(listener: (b: BlockObservation) => void): () => void {
    this.blockListeners.add(listener);
    return () => this.blockListeners.delete(listener);
  }

  /** Hears every transaction accepted into the mempool (only when started with `observe`). */
  onTxSubmitted(listener: (t: TxObservation) => void): () => void {
    this.txListeners.add(listener);
    return () => this.txListeners.delete(listener);
  }

  /** How busy the chain thread's event loop has been (since `since`, a value this returned earlier). */
  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization {
    return this.worker.performance.eventLoopUtilization(since);
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    // A clean close stops the RPC server first (its sockets), then the thread exits by itself.
    await this.call({ op: 'close' }).catch(() => undefined);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    await this.worker.terminate();
    this.provider.close();
    this.stop('closed');
  }

  private call(c: DistributiveOmit<ChainCall, 'id'>): Promise<void> {
    if (this.stopped)
      return Promise.reject(new ErrandError('CHAIN__LOCAL_CHAIN_STOPPED', `the local chain is stopped: ${this.stopped}`, { reason: this.stopped }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...c, id } as ChainCall);
    });
  }

  private onMessage(m: ChainThreadMessage): void {
    if ('id' in m) {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve();
      else p?.reject(toError(m.error, 'local chain thread'));
      return;
    }
    if (m.kind === 'block') for (const l of this.blockListeners) l(m.block);
    else if (m.kind === 'tx') for (const l of this.txListeners) l(m.tx);
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.untrack();
    for (const p of this.pending.values()) p.reject(new ErrandError('CHAIN__LOCAL_CHAIN_STOPPED', `the local chain stopped: ${reason}`, { reason }));
    this.pending.clear();
  }
}
