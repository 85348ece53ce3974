/** A local chain with the real errand.wasm deployed and initialised, a requester and a registered worker. */
import { LocalNear } from '../../../contracts/near/local/index.ts';
import { ErrandNearClient, TxSender } from '../../../contracts/near/client/index.ts';
import { errandWasm, NEAR } from '../local/helpers.ts';
import type { ResourceLimits } from '../../../common/types/index.ts';

export const LIMITS: ResourceLimits = { maxInstructions: 1_000_000, maxMemoryMb: 64, maxExecutionMs: 1000, maxCompileMs: 0 };
export const SOURCE = { kind: 'wasm_url' as const, url: 'https://example.com/app.wasm', sha256: 'ab'.repeat(32) as never };

export interface Env {
  near: LocalNear;
  contractId: string;
  requester: ErrandNearClient;
  worker: ErrandNearClient;
  workerSender: TxSender;
}

export async function startEnv(opts: { requestTimeoutBlocks?: number; protocolVersion?: number; rpcWaitTimeoutMs?: number } = {}): Promise<Env> {
  const near = await LocalNear.start({
    gasPrice: 0n,
    ...(opts.protocolVersion ? { protocolVersion: opts.protocolVersion } : {}),
    ...(opts.rpcWaitTimeoutMs ? { rpcWaitTimeoutMs: opts.rpcWaitTimeoutMs } : {}),
  });
  const contractId = 'errand.test';
  near.createAccount(contractId, 50n * NEAR);
  near.createAccount('owner.test', 50n * NEAR);
  near.createAccount('alice.test', 50n * NEAR);
  near.createAccount('worker.test', 50n * NEAR);
  near.deployContract(contractId, errandWasm());
  const self = new ErrandNearClient(
    contractId,
    near.rpcUrl,
    new TxSender({ provider: near.provider, accountId: contractId, secretKey: near.secretKeyOf(contractId) }),
  );
  await self.call('new', { owner_id: 'owner.test', request_timeout_blocks: opts.requestTimeoutBlocks ?? 200 });
  const requester = new ErrandNearClient(
    contractId,
    near.rpcUrl,
    new TxSender({ provider: near.provider, accountId: 'alice.test', secretKey: near.secretKeyOf('alice.test') }),
  );
  const workerSender = new TxSender({ provider: near.provider, accountId: 'worker.test', secretKey: near.secretKeyOf('worker.test') });
  const worker = new ErrandNearClient(contractId, near.rpcUrl, workerSender);
  await worker.registerWorker(workerSender.signerPublicKey, 'cd'.repeat(32), 10n * NEAR);
  return { near, contractId, requester, worker, workerSender };
}

export async function request(env: Env, input: string | Uint8Array = 'hello'): Promise<string> {
  const deposit = await env.requester.estimateCost(LIMITS, undefined, { inputBytes: Buffer.byteLength(input) });
  const { requestId } = await env.requester.requestExecution({ source: SOURCE, input, limits: LIMITS }, deposit);
  return requestId;
}
