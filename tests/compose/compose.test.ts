/**
 * `docker compose` for real: the production docker-compose.yml with docker-compose.test.yml (host
 * networking on 127.0.0.1, ports picked free so the host's own Postgres on 5432 and Redis on 6379
 * are untouched, the local NEAR chain as a service) comes up healthy on the engine, two workers
 * compile through the Docker socket, one request that uses a secret goes end to end, and the stack
 * goes down with its volumes. Needs docker/test-engine.sh (the engine and the images); skipped only
 * where no engine answers outside CI (see tests/worker/sandbox/helpers/dockerEngine.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { KeyPair } from 'near-api-js';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { ErrandNearClient, TxSender, nearProvider } from '../../contracts/near/client/index.ts';
import { isErrandError } from '../../common/errors/index.ts';
import { encryptSecrets } from '../../keystore/index.ts';
import { workerMeasurement } from '../../worker/measurement/index.ts';
import { LIMITS } from '../e2e/helpers.ts';
import { BUILD_LABELS } from '../../worker/sandbox/index.ts';
import { requireDockerEngine } from '../worker/sandbox/helpers/dockerEngine.ts';
import { ComposeStack } from './helpers/composeStack.ts';
import { composeFixture, type ComposeFixture } from './helpers/composeFixture.ts';

const SERVICES = ['chain', 'postgres', 'redis', 'keystore', 'coordinator'];
const IMAGES = ['errand-coordinator:latest', 'errand-keystore:latest', 'errand-worker:latest', 'errand-compiler:latest', 'postgres:15', 'redis:7'];

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Build containers created on the engine between two instants (epoch seconds), by owner label. */
async function buildContainersCreated(docker: Docker, since: number, until: number): Promise<string[]> {
  const stream = await docker.getEvents({ since, until, filters: { type: ['container'], event: ['create'], label: [`${BUILD_LABELS.role}=build`] } });
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { Actor: { Attributes: Record<string, string> } }).Actor.Attributes[BUILD_LABELS.owner]!);
}

describe('docker compose: the whole stack on a real engine', function () {
  this.timeout(900_000);
  let docker: Docker;
  let fx: ComposeFixture;
  let stack: ComposeStack;
  const adminToken = randomBytes(16).toString('hex');

  before(async function () {
    ({ docker } = await requireDockerEngine(this));
    for (const image of IMAGES) {
      await docker
        .getImage(image)
        .inspect()
        .catch(() => {
          throw new Error(
            `the Docker engine has no image '${image}': run docker/test-engine.sh (it builds the project's images and offline stand-ins of the base images)`,
          );
        });
    }
    fx = await composeFixture();
    stack = new ComposeStack(`errand-test-${process.pid}`, fx.dir, {
      ...fx.ports,
      ERRAND_TEST_DIR: fx.dir,
      ERRAND_WORKER_MEASUREMENT: workerMeasurement(),
      COORDINATOR_ADMIN_TOKEN: adminToken,
      COORDINATOR_TICKET_PUBLIC_KEY: fx.ticketPublicKey,
      // Replaced once the coordinator has issued the real ones (the file requires them to be set).
      ERRAND_WORKER_1_TOKEN: 'not-issued-yet',
      ERRAND_WORKER_2_TOKEN: 'not-issued-yet',
    });
    await stack.writeMergedFile();
  });

  afterEach(async function () {
    // A failed step says why: the services' last log lines, before the stack is taken down.
    if (this.currentTest?.state !== 'failed' || !stack) return;
    const logs = await stack
      .compose(['logs', '--no-color', '--tail', '30', 'coordinator', 'worker-1', 'worker-2', 'keystore'])
      .catch((e: unknown) => String(e));
    console.log(logs.slice(-20_000));
  });

  after(async () => {
    if (!stack) return;
    await stack.compose(['down', '-v', '--remove-orphans', '-t', '5']).catch((err: unknown) => console.log(`      compose down failed: ${String(err)}`));
    rmSync(fx.dir, { recursive: true, force: true });
  });

  it('starts on a clean engine: no container or volume of the project yet', async () => {
    assert.deepEqual(await stack.states(docker), {});
    assert.deepEqual(await stack.volumes(docker), []);
  });

  it('comes up healthy: chain, postgres, redis, keystore, coordinator, then two workers on the Docker backend', async () => {
    await stack.compose(['up', '-d', ...SERVICES], 600_000);
    const coordinatorUrl = `http://127.0.0.1:${fx.ports.COORDINATOR_PORT}`;
    await until('coordinator /health', 120_000, async () => ((await fetch(`${coordinatorUrl}/health`)).ok ? true : undefined));
    const ready = JSON.parse(readFileSync(path.join(fx.dir, 'chain-ready.json'), 'utf8')) as { workerIds: string[] };
    const admin = new CoordinatorClient({ baseUrl: coordinatorUrl, token: adminToken });
    try {
      for (const [i, workerId] of ready.workerIds.entries()) {
        // Registered with its NEAR public key: claim tickets (which the keystore requires) name it.
        const key = JSON.parse(readFileSync(path.join(fx.dir, `worker-${i + 1}.key`), 'utf8')) as { private_key: string };
        const publicKey = KeyPair.fromString(key.private_key as Parameters<typeof KeyPair.fromString>[0])
          .getPublicKey()
          .toString();
        stack.env[`ERRAND_WORKER_${i + 1}_TOKEN`] = (await admin.registerWorker({ workerId, publicKey })).token;
      }
    } finally {
      admin.close();
    }
    await stack.compose(['up', '-d', '--no-deps', 'worker-1', 'worker-2']);
    const states = await until('every service healthy', 180_000, async () => {
      const s = await stack.states(docker);
      const ok = SERVICES.every((name) => s[name]?.health === 'healthy') && ['worker-1', 'worker-2'].every((w) => s[w]?.state === 'running');
      return ok ? s : undefined;
    });
    assert.equal(Object.keys(states).length, 7);
    for (const w of ['worker-1', 'worker-2']) {
      const logs = await until(`${w} started`, 60_000, async () => {
        const out = await stack.compose(['logs', '--no-color', w]);
        return out.includes('worker started') ? out : undefined;
      });
      assert.match(logs, /"sandbox":"docker"/);
    }
  });

  it('runs one request that uses a secret end to end: compiled in a Docker build container, resolved on-chain', async () => {
    const ready = JSON.parse(readFileSync(path.join(fx.dir, 'chain-ready.json'), 'utf8')) as {
      rpcUrl: string;
      contractId: string;
      userId: string;
      workerIds: string[];
    };
    const userKey = JSON.parse(readFileSync(path.join(fx.dir, 'user.key'), 'utf8')) as { private_key: `ed25519:${string}` };
    const provider = nearProvider(ready.rpcUrl);
    const user = new ErrandNearClient(ready.contractId, provider, new TxSender({ provider, accountId: ready.userId, secretKey: userKey.private_key }));
    const scope = { chain: 'near' as const, owner: ready.userId, repo: fx.repoUrl, branch: null };
    const query = new URLSearchParams({ chain: 'near', owner: ready.userId, repo: fx.repoUrl });
    const pub = (await (await fetch(`http://127.0.0.1:${fx.ports.COORDINATOR_PORT}/v1/keystore/pubkey?${query}`)).json()) as { publicKey: string };
    const encrypted = encryptSecrets(pub.publicKey, scope, 'compose', { E2E_SECRET: 'twelve-bytes' });
    await user.storeSecrets(
      { repo: fx.repoUrl, branch: null, profile: 'compose', encrypted, accessCondition: { type: 'Whitelist', accounts: [ready.userId] } },
      10n ** 23n,
    );

    const since = Math.floor(Date.now() / 1000) - 1;
    const deposit = await user.estimateCost(LIMITS, undefined, { inputBytes: 6 });
    const { txHash, requestId } = await user.requestExecution(
      {
        source: { kind: 'git', repo: fx.repoUrl, commit: fx.commit, target: 'wasm32-wasip1' },
        input: 'secret',
        limits: LIMITS,
        secretsRef: { owner: ready.userId, profile: 'compose' },
      },
      deposit,
    );
    const response = (await until('the request resolved', 300_000, async () => {
      try {
        return await user.waitForResult(txHash, ready.userId);
      } catch (err) {
        if (isErrandError(err, 'COMMON__TIMEOUT')) return undefined;
        throw err;
      }
    })) as { success: boolean; output?: { value: string }; error?: unknown };
    assert.equal(response.success, true, JSON.stringify(response));
    assert.equal(response.output?.value, 'secret of 12 bytes\n');
    const view = await user.view<{ status: string; resolved_by: string }>('get_request', { request_id: Number(requestId) });
    assert.equal(view.status, 'resolved');
    assert.ok(ready.workerIds.includes(view.resolved_by), `resolved by a compose worker (${view.resolved_by})`);
    const builds = await buildContainersCreated(docker, since, Math.ceil(Date.now() / 1000) + 1);
    assert.equal(builds.length, 1, 'one build container compiled the source');
    assert.ok(ready.workerIds.includes(builds[0]!), `started by a compose worker through the socket (${builds[0]})`);
    provider.close?.();
  });

  it('goes down with its volumes', async () => {
    assert.ok((await stack.volumes(docker)).length > 0, 'the stack made its named volumes');
    await stack.compose(['down', '-v', '--remove-orphans', '-t', '5']);
    assert.deepEqual(await stack.states(docker), {});
    assert.deepEqual(await stack.volumes(docker), []);
  });
});
