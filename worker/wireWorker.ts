/**
 * The concrete parts of a worker on NEAR, from plain settings: the coordinator over HTTP, the
 * sandboxed builder, the keystore (or none), and a resolve submitter signing with the worker's
 * registered key. Shared by `errand worker` (settings from the environment) and the worker thread
 * of `errand dev` (settings from its owner), so the two cannot drift apart.
 */
import type { KeyPairString } from '@near-js/crypto';
import type { Logger } from '../common/logger.ts';
import { CoordinatorClient } from '../coordinator/client/CoordinatorClient.ts';
import { ErrandNearClient, NearResolveSubmitter, TxSender, nearProvider } from '../contracts/near/client/index.ts';
import { KeystoreSecretsProvider, NearKeyPairSigner } from '../keystore/client/index.ts';
import { createSandbox, NpmCompilersModuleBuilder, SandboxModuleBuilder, type SandboxBackend } from './compile/index.ts';
import { HttpCoordinatorPort } from './loop/HttpCoordinatorPort.ts';
import { NoKeystoreSecretsProvider } from './loop/NoKeystoreSecretsProvider.ts';
import type { QuoteProvider } from '../keystore/client/QuoteProvider.ts';
import type { WorkerParts } from './startWorker.ts';

export interface WorkerWiring {
  accountId: string;
  secretKey: KeyPairString;
  nearRpcUrl: string;
  contractId: string;
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
  const provider = nearProvider(w.nearRpcUrl);
  const near = new ErrandNearClient(w.contractId, provider, new TxSender({ provider, accountId: w.accountId, secretKey: w.secretKey }));
  const builder = w.npmCompilers
    ? new NpmCompilersModuleBuilder({ workDir: w.workDir })
    : new SandboxModuleBuilder({ sandbox: createSandbox(w.sandbox, { docker: { owner: w.accountId } }), workDir: w.workDir, log });
  const client = new CoordinatorClient({ baseUrl: w.coordinatorUrl, token: w.coordinatorToken });
  return {
    coordinator: new HttpCoordinatorPort(client, { buildTargets: builder.capabilities.targets }),
    builder,
    secrets: w.keystoreUrl
      ? new KeystoreSecretsProvider({ keystoreUrl: w.keystoreUrl, workerAccount: w.accountId, signer: new NearKeyPairSigner(w.secretKey), measurement: w.measurement, ...(w.quoteProvider && { quoteProvider: w.quoteProvider }) })
      : new NoKeystoreSecretsProvider(),
    submitter: new NearResolveSubmitter(near),
    log,
  };
}
