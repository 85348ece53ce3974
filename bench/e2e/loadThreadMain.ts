/**
 * The e2e bench's load generator, in a thread of its own so that the requesters' signing and RPC
 * traffic (the dApps' side, elsewhere in real life) does not run on the coordinator's event loop:
 * closed-loop requesters, each sending request_execution and waiting for its result, then the next.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { KeyPairString } from '@near-js/crypto';
import { ErrandNearClient, TxSender, nearProvider } from '../../contracts/near/client/index.ts';
import type { LoadResult, LoadSpec } from './loadProtocol.ts';
import { requestOnce } from './requestOnce.ts';

const spec = workerData as LoadSpec;
const provider = nearProvider(spec.rpcUrl);
const clients = spec.accounts.map(
  (a) => new ErrandNearClient(spec.contractId, provider, new TxSender({ provider, accountId: a.accountId, secretKey: a.secretKey as KeyPairString })),
);
const wallMs = (): number => performance.timeOrigin + performance.now();

const result: LoadResult = { windowStartMs: wallMs(), requestIds: [], failures: 0, busy: 0 };
const eluStart = performance.eventLoopUtilization();
const windowEndMs = result.windowStartMs + spec.windowMs;
await Promise.all(
  Array.from({ length: spec.requesters }, async (_, r) => {
    for (let n = 0; wallMs() < windowEndMs; n++) {
      try {
        result.requestIds.push(await requestOnce(clients[r % clients.length]!, { ...spec.args, input: `load-${r}-${n}` }, spec.deposit));
      } catch (e) {
        result.failures++;
        result.firstFailure ??= e instanceof Error ? e.message : String(e);
      }
    }
  }),
);
result.busy = performance.eventLoopUtilization(eluStart).utilization;
parentPort!.postMessage(result);
