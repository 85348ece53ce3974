/**
 * The local Solana: LiteSVM behind JSON-RPC + PubSub on a local port, with the Errand program
 * deployed through the upgradeable loader (authority: the dev owner key), its Config initialized
 * (devConfig) and funded dev accounts. Slots advance every `slotMs` and on demand (`advance`).
 * Dev keys are derived from fixed seeds: they are for this local chain only, never real money.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Connection, Keypair, LAMPORTS_PER_SOL, type Commitment } from '@solana/web3.js';
import { ErrandSolanaClient } from '../client/ErrandSolanaClient.ts';
import type { ConfigArgs } from '../client/types.ts';
import { deployUpgradeable } from './chain/deployUpgradeable.ts';
import { LocalSvm } from './chain/LocalSvm.ts';
import { devConfig } from './devConfig.ts';
import { RpcServer } from './rpc/RpcServer.ts';

const PROGRAM_SO = new URL('../errand.so', import.meta.url);
const PROGRAM_KEYPAIR = new URL('./program-keypair.json', import.meta.url);

export interface LocalSolanaOptions {
  port?: number;
  host?: string;
  /** Milliseconds per slot (Solana's target is 400). 0 = slots advance only on demand. */
  slotMs?: number;
  devAccounts?: number;
  /** SOL each dev account starts with. */
  devAccountSol?: number;
  config?: (owner: Keypair) => ConfigArgs;
  /** Slots a blockhash stays valid (default Solana's 150). */
  maxBlockhashAge?: number;
}

export function devKeypair(name: string): Keypair {
  return Keypair.fromSeed(createHash('sha256').update(`errand:solana:dev:${name}`).digest());
}

/** The Errand program's fixed local id (the keypair it is deployed under). */
export function programKeypair(): Keypair {
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(PROGRAM_KEYPAIR, 'utf8')) as number[]));
}

/** The funded dev accounts a chain started with `devAccounts: n` has. */
export function devAccountKeypairs(n = 4): Keypair[] {
  return Array.from({ length: n }, (_, i) => devKeypair(`account-${i}`));
}

export class LocalSolana {
  private constructor(
    readonly chain: LocalSvm,
    private readonly server: RpcServer,
    readonly url: string,
    readonly wsUrl: string,
    readonly owner: Keypair,
    readonly devAccounts: Keypair[],
    readonly programId: Keypair['publicKey'],
  ) {}

  static async start(opts: LocalSolanaOptions = {}): Promise<LocalSolana> {
    const chain = new LocalSvm(opts.maxBlockhashAge);
    const faucet = devKeypair('faucet');
    const owner = devKeypair('owner');
    chain.fund(faucet.publicKey, BigInt(1_000_000 * LAMPORTS_PER_SOL));
    chain.fund(owner.publicKey, BigInt(1_000 * LAMPORTS_PER_SOL));
    const program = programKeypair();
    deployUpgradeable(chain, owner, program, readFileSync(PROGRAM_SO), owner);
    const devAccounts = devAccountKeypairs(opts.devAccounts);
    for (const a of devAccounts) chain.fund(a.publicKey, BigInt((opts.devAccountSol ?? 100) * LAMPORTS_PER_SOL));

    const server = new RpcServer({ chain, faucet, genesisHash: chain.svm.latestBlockhash() });
    const port = await server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
    const host = opts.host ?? '127.0.0.1';
    const local = new LocalSolana(chain, server, `http://${host}:${port}`, `ws://${host}:${port}`, owner, devAccounts, program.publicKey);
    const slotMs = opts.slotMs ?? 400;
    if (slotMs > 0) chain.startClock(slotMs);
    const init = local.client(owner).initialize((opts.config ?? ((o) => devConfig(o.publicKey)))(owner));
    if (slotMs === 0) await local.whileAdvancing(init);
    else await init;
    return local;
  }

  /** A web3.js Connection to this chain (PubSub on the same port). */
  connection(commitment: Commitment = 'confirmed'): Connection {
    return new Connection(this.url, { commitment, wsEndpoint: this.wsUrl });
  }

  client(payer: Keypair): ErrandSolanaClient {
    return new ErrandSolanaClient(this.connection(), payer, this.programId);
  }

  advance(slots = 1): number {
    return this.chain.advance(slots);
  }

  /** For slotMs 0: advances a slot every few ms until `p` settles (a confirmation needs one). */
  async whileAdvancing<T>(p: Promise<T>): Promise<T> {
    const t = setInterval(() => this.chain.advance(1), 5);
    try {
      return await p;
    } finally {
      clearInterval(t);
    }
  }

  async stop(): Promise<void> {
    this.chain.stopClock();
    await this.server.close();
  }
}
