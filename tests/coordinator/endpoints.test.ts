/**
 * A worker given several coordinator addresses: a refused connection is retried on the next
 * address at once (nothing was sent), a connection cut after the request was sent is not retried
 * (the coordinator may have acted on it) but moves later calls on, and the list wraps around.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { isErrandError } from '../../common/errors/index.ts';
import { CoordinatorClient } from '../../coordinator/client/CoordinatorClient.ts';
import { CoordinatorEndpoints } from '../../coordinator/client/CoordinatorEndpoints.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { workerEnvSchema } from '../../worker/config.ts';

/** A port nothing listens on: bound and closed again. */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('coordinator endpoints (worker failover)', () => {
  let c: TestCoordinator;
  let cutter: net.Server | undefined;
  beforeEach(async () => {
    c = await startTestCoordinator();
  });
  afterEach(async () => {
    if (cutter) await new Promise((r) => cutter!.close(r));
    cutter = undefined;
    await c.close();
  });

  it('a refused address is skipped within the call, and later calls go straight to the live one', async () => {
    const endpoints = CoordinatorEndpoints.parse(`http://127.0.0.1:${await deadPort()}, ${c.url}/`);
    const client = new CoordinatorClient({ baseUrl: '', endpoints, token: c.adminToken });
    assert.equal((await client.health()).status, 'ok');
    assert.equal(endpoints.current(), c.url);
    await client.listRequests();
    client.close();
  });

  it('a connection cut mid-call fails that call (not retried) and moves the next one on', async () => {
    let accepted = 0;
    cutter = net.createServer((s) => {
      accepted++;
      s.once('data', () => s.destroy());
    });
    await new Promise<void>((r) => cutter!.listen(0, '127.0.0.1', r));
    const cut = `http://127.0.0.1:${(cutter.address() as net.AddressInfo).port}`;
    const client = new CoordinatorClient({ baseUrl: `${cut},${c.url}`, token: c.adminToken });
    await assert.rejects(client.listRequests(), (e) => isErrandError(e, 'COMMON__UNAVAILABLE'));
    assert.equal(accepted, 1, 'sent once, not retried elsewhere');
    assert.deepEqual(await client.listRequests(), []);
    client.close();
  });

  it('every address refused: the call fails after trying each once', async () => {
    const [p1, p2] = [await deadPort(), await deadPort()];
    const endpoints = new CoordinatorEndpoints([`http://127.0.0.1:${p1}`, `http://127.0.0.1:${p2}`]);
    const client = new CoordinatorClient({ baseUrl: '', endpoints });
    await assert.rejects(client.health(), (e) => isErrandError(e, 'COMMON__UNAVAILABLE'));
    assert.equal(endpoints.current(), `http://127.0.0.1:${p1}`, 'wrapped around');
    assert.throws(
      () => CoordinatorEndpoints.parse(' , '),
      (e) => isErrandError(e, 'COMMON__CONFIG_INVALID'),
    );
    client.close();
  });

  it('COORDINATOR_URL takes one URL or several separated by commas, and refuses anything else', () => {
    const url = workerEnvSchema.shape.COORDINATOR_URL;
    assert.equal(url.safeParse('http://c1:8080, http://c2:8080').success, true);
    assert.equal(url.safeParse('http://balancer:8080').success, true);
    assert.equal(url.safeParse('http://c1:8080,c2').success, false);
  });
});
