/**
 * The local NEAR chain of `errand dev`: the committed contract deployed and initialised, an owner,
 * a user with a balance, and worker accounts registered and staked on the contract. Everything is
 * in memory and starts fresh each time (so is the dev ledger: see startDevStack). The chain runs in
 * a worker thread of its own, as a node is a process of its own: its blocks and contract runs do
 * not queue behind the coordinator's and the workers' work on one event loop.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalNearThread } from '../../contracts/near/local/thread/LocalNearThread.ts';
import { ErrandNearClient, TxSender } from '../../contracts/near/client/index.ts';
import type { WorkerAttestationKind } from '../../common/ports/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NEAR = 10n ** 24n;

export interface DevChainOptions {
  workers: number;
  measurement: string;
  /** The attestation kind the workers register with (worker/quote/registeredAttestationKind); default ed25519. */
  attestationKind?: WorkerAttestationKind;
  blockIntervalMs: number;
  /** Blocks a request may wait before its yield times out. NEAR's is 200 blocks of about a second;
   * local blocks come every few milliseconds, so the dev default is larger (see startDevStack). */
  requestTimeoutBlocks: number;
  /** Forward the chain's blocks and accepted transactions (near.onBlock / near.onTxSubmitted). */
  observe?: boolean;
  /** RPC port on 127.0.0.1; default 0 (a free one). The compose test's chain service fixes it. */
  port?: number;
}

export interface DevChain {
  near: LocalNearThread;
  contractId: string;
  ownerId: string;
  userId: string;
  workerIds: string[];
  /** A client signing as `accountId` (keys stay inside the chain's key store). */
  clientFor(accountId: string): ErrandNearClient;
  close(): Promise<void>;
}

export async function startDevChain(o: DevChainOptions): Promise<DevChain> {
  // The chain's yield timeout and the contract's deadline agree, in local (fast) blocks.
  const near = await LocalNearThread.start({
    port: o.port,
    blockIntervalMs: o.blockIntervalMs,
    yieldTimeoutBlocks: o.requestTimeoutBlocks,
    observe: o.observe,
  });
  try {
    const contractId = 'errand.local';
    const ownerId = 'owner.local';
    const userId = 'alice.local';
    const workerIds = Array.from({ length: o.workers }, (_, i) => `worker${i + 1}.local`);
    await near.createAccount(contractId, 50n * NEAR);
    await near.createAccount(ownerId, 100n * NEAR);
    await near.createAccount(userId, 1_000n * NEAR);
    for (const id of workerIds) await near.createAccount(id, 100n * NEAR);
    await near.deployContract(contractId, await readFile(path.join(repoRoot, 'contracts/near/errand.wasm')));

    // Every client shares the chain's provider (one keep-alive socket pool).
    const senderFor = (accountId: string): TxSender => new TxSender({ provider: near.provider, accountId, secretKey: near.secretKeyOf(accountId) });
    const clientFor = (accountId: string): ErrandNearClient => new ErrandNearClient(contractId, near.provider, senderFor(accountId));

    await clientFor(contractId).call('new', { owner_id: ownerId, request_timeout_blocks: o.requestTimeoutBlocks, unbonding_period_blocks: 100 });
    const config = await clientFor(ownerId).view<{ min_stake: string }>('get_config');
    for (const id of workerIds) {
      const sender = senderFor(id);
      await new ErrandNearClient(contractId, near.provider, sender).registerWorker(
        sender.signerPublicKey,
        o.measurement,
        BigInt(config.min_stake),
        o.attestationKind ?? 'ed25519',
      );
    }
    return { near, contractId, ownerId, userId, workerIds, clientFor, close: () => near.close() };
  } catch (e) {
    await near.close();
    throw e;
  }
}
