/**
 * The compose test's chain service: the local NEAR chain of `errand dev` (the committed contract
 * deployed, an owner, a user, two workers registered and staked with ERRAND_WORKER_MEASUREMENT) as
 * a long-running process, with its RPC on 127.0.0.1:CHAIN_PORT (host networking). It writes the
 * worker and user keys (near-cli credentials JSON) into ERRAND_TEST_DIR for the compose secrets and
 * the test's requester, then `chain-ready.json` last: the service's healthcheck waits for that file.
 * Test-only: the keys are written to disk, which nothing in production does.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDevChain } from '../../cli/dev/devChain.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`chain service: ${name} is required`);
  return value;
};

const dir = env('ERRAND_TEST_DIR');
const chain = await startDevChain({
  workers: 2,
  measurement: env('ERRAND_WORKER_MEASUREMENT'),
  port: Number(env('CHAIN_PORT')),
  blockIntervalMs: 50,
  // 12000 blocks of 50 ms: ten minutes before an unresolved request times out.
  requestTimeoutBlocks: 12_000,
});
const keyFile = (accountId: string): { account_id: string; private_key: string } => ({ account_id: accountId, private_key: chain.near.secretKeyOf(accountId) });
chain.workerIds.forEach((id, i) => writeFileSync(path.join(dir, `worker-${i + 1}.key`), JSON.stringify(keyFile(id)), { mode: 0o644 }));
writeFileSync(path.join(dir, 'user.key'), JSON.stringify(keyFile(chain.userId)), { mode: 0o600 });
writeFileSync(
  path.join(dir, 'chain-ready.json'),
  JSON.stringify({ rpcUrl: chain.near.rpcUrl, contractId: chain.contractId, userId: chain.userId, workerIds: chain.workerIds }),
);
console.log(`chain service: ${chain.contractId} at ${chain.near.rpcUrl}, workers ${chain.workerIds.join(', ')}`);

const stop = (): void => void chain.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
