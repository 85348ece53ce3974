/**
 * The concrete parts of a worker on NEAR, Solana or both, from plain settings: the coordinator
 * over HTTP, the sandboxed builder, the keystore (or none), and a resolve submitter per chain
 * served, each signing with the worker's key registered on that chain. Shared by `errand worker` (settings from the environment) and the worker thread
 * of `errand dev` (settings from its owner), so the two cannot drift apart.
 */
import type { KeyPairString } from '@near-js/crypto';
import { utils } from '@coral-xyz/anchor';
import { Connection, Keypair, PublicKey } from '@solana/web3.js';
import { ErrandError } from '../common/errors/index.ts';
import type { Logger } from '../common/logger.ts';
import type { ResolveSubmitter } from '../common/ports/index.ts';
import type { ChainId } from '../common/types/index.ts';
import { ErrandSolanaClient, SolanaResolveSubmitter } from '../contracts/solana/client/index.ts';
import { ChainRoutingSubmitter } from './loop/ChainRoutingSubmitter.ts';
import { CoordinatorClient } from '../coordinator/client/CoordinatorClient.ts';
import { ErrandNearClient, NearResolveSubmitter, TxSender, nearProvider } from '../contracts/near/client/index.ts';
import { KeystoreSecretsProvider, NearKeyPairSigner } from '../keystore/client/index.ts';
import { createSandbox, NpmCompilersModuleBuilder, SandboxModuleBuilder, type SandboxBackend } from './compile/index.ts';
import { HttpCoordinatorPort } from './loop/HttpCoordinatorPort.ts';
import { NoKeystoreSecretsProvider } from './loop/NoKeystoreSecretsProvider.ts';
import type { QuoteProvider } from '../keystore/client/QuoteProvider.ts';
import type { WorkerParts } from './startWorker.ts';

/** A worker's Solana side: the program, and the authority key its Worker account is registered under. */
export interface SolanaWiring {
  rpcUrl: string;
  /** PubSub endpoint (default: the RPC URL's host and port over ws). */
  wsUrl?: string;
  programId: string;
  /** The authority keypair's 64 secret-key bytes (plain data: the wiring crosses to a worker thread). */
  secretKey: number[];
  /** Compute-unit price of resolve transactions, micro-lamports (0: none). */
  priorityFeeMicroLamports?: number;
}

export interface WorkerWiring {
  /** The worker's name (its NEAR account on NEAR; the Solana authority's base58 key on Solana only). */
  accountId: string;
  /** The chains it resolves on (default near only). */
  chains?: ChainId[];
  /** NEAR: required when it serves NEAR. */
  secretKey?: KeyPairString;
  nearRpcUrl?: string;
  contractId?: string;
  /** Solana: required when it serves Solana. */
  solana?: SolanaWiring;
  coordinatorUrl: string;
  coordinatorToken: string;
  /** Without one, requests that reference secrets fail with a coded error. */
  keystoreUrl?: string;
  /** sha256 hex of this worker build, as registered on-chain. */
  measurement: string;
  sandbox: SandboxBackend;
  workDir?: string;
  /** Development mode only, when the probe found bubblewrap broken: build AssemblyScript with the
   * npm compiler in a worker thread (worker/compile/npm/); C and Rust fail naming the package. */
  npmCompilers?: boolean;
  /** A TEE worker's quote source (worker/quote/); the keystore then sees a tdx/sev-snp attestation. */
  quoteProvider?: QuoteProvider;
}

export function wireWorker(w: WorkerWiring, log: Logger): WorkerParts {
  const chains = w.chains ?? ['near'];
  const byChain: Partial<Record<ChainId, ResolveSubmitter>> = {};
  if (chains.includes('near')) {
    const secretKey = need(w.secretKey, 'a NEAR key (ERRAND_WORKER_KEY_FILE)');
    const provider = nearProvider(need(w.nearRpcUrl, 'NEAR_RPC_URL'));
    byChain.near = new NearResolveSubmitter(
      new ErrandNearClient(need(w.contractId, 'ERRAND_CONTRACT_ID'), provider, new TxSender({ provider, accountId: w.accountId, secretKey })),
    );
  }
  const sol = chains.includes('solana') ? need(w.solana, 'SOLANA_RPC_URL, SOLANA_PROGRAM_ID and SOLANA_KEYPAIR_FILE') : undefined;
  if (sol) byChain.solana = solanaSubmitter(sol);
  // The keystore attestation signs with the NEAR key when there is one, else with the Solana
  // authority key (ed25519 too, in the same 64-byte secret-key form).
  const attestKey = w.secretKey ?? (sol ? (`ed25519:${utils.bytes.bs58.encode(Uint8Array.from(sol.secretKey))}` as KeyPairString) : undefined);
  const builder = w.npmCompilers
    ? new NpmCompilersModuleBuilder({ workDir: w.workDir })
    : new SandboxModuleBuilder({ sandbox: createSandbox(w.sandbox, { docker: { owner: w.accountId } }), workDir: w.workDir, log });
  const client = new CoordinatorClient({ baseUrl: w.coordinatorUrl, token: w.coordinatorToken });
  return {
    coordinator: new HttpCoordinatorPort(client, { buildTargets: builder.capabilities.targets }),
    builder,
    secrets:
      w.keystoreUrl && attestKey
        ? new KeystoreSecretsProvider({
            keystoreUrl: w.keystoreUrl,
            workerAccount: w.accountId,
            signer: new NearKeyPairSigner(attestKey),
            measurement: w.measurement,
            ...(w.quoteProvider && { quoteProvider: w.quoteProvider }),
          })
        : new NoKeystoreSecretsProvider(),
    submitter: new ChainRoutingSubmitter(byChain),
    log,
  };
}

function solanaSubmitter(s: SolanaWiring): SolanaResolveSubmitter {
  const wsEndpoint = s.wsUrl ?? s.rpcUrl.replace(/^http/, 'ws');
  const connection = new Connection(s.rpcUrl, { commitment: 'confirmed', wsEndpoint });
  const client = new ErrandSolanaClient(connection, Keypair.fromSecretKey(Uint8Array.from(s.secretKey)), new PublicKey(s.programId));
  return new SolanaResolveSubmitter(client, { priorityFeeMicroLamports: s.priorityFeeMicroLamports });
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new ErrandError('COMMON__CONFIG_INVALID', `a worker serving this chain needs ${what}`, { issues: [`${what}: required`] });
  return v;
}
