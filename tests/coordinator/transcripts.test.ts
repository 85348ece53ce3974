/**
 * HTTP transcripts (issue 17) at the coordinator: a request's `http` capability is kept with it;
 * the worker holding the execute job stores the transcript bytes (sha256 checked, fenced); anyone
 * reads them back byte for byte.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { isErrandError } from '../../common/errors/index.ts';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest } from './helpers/fixtures.ts';
import { executionRequestSchema } from '../../coordinator/api/index.ts';

const HTTP = { allow: ['api.example.com', '*.example.org:8443'], maxRequests: 4, maxResponseBytes: 4096 };
const TRANSCRIPT = Buffer.from(JSON.stringify({ version: 1, exchanges: [{ method: 'GET', url: 'https://api.example.com/p', status: 200 }] }));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('coordinator: HTTP capability and transcripts', () => {
  let c: TestCoordinator;
  beforeEach(async () => {
    c = await startTestCoordinator();
  });
  afterEach(async () => {
    await c.close();
  });

  it('keeps the http capability with the request, and stores and serves the transcript of its execute job', async () => {
    const { client } = await c.worker('w-http');
    await c.service.record(sampleRequest(1, { http: HTTP }));
    const claim = (await client.claim())!;
    assert.deepEqual(claim.request.http, HTTP);
    const execute = claim.jobs.find((j) => j.type === 'execute')!;
    await assert.rejects(client.uploadTranscript(execute.id, '0'.repeat(64), TRANSCRIPT), (e) => isErrandError(e, 'COORDINATOR__TRANSCRIPT_MISMATCH'));
    assert.deepEqual(await client.uploadTranscript(execute.id, sha(TRANSCRIPT), TRANSCRIPT), { sha256: sha(TRANSCRIPT), bytes: TRANSCRIPT.length });
    const back = await c.admin.requestTranscript(claim.request.id);
    assert.equal(Buffer.from(back).toString(), TRANSCRIPT.toString(), 'byte for byte');
  });

  it('refuses a transcript from a worker without the lease, and answers 404 for a request without one', async () => {
    const { client } = await c.worker('w-holder');
    const { client: other } = await c.worker('w-other');
    await c.service.record(sampleRequest(2, { http: HTTP }));
    const claim = (await client.claim())!;
    const execute = claim.jobs.find((j) => j.type === 'execute')!;
    await assert.rejects(other.uploadTranscript(execute.id, sha(TRANSCRIPT), TRANSCRIPT), (e) => isErrandError(e, 'COORDINATOR__LEASE_LOST'));
    await assert.rejects(c.admin.requestTranscript(claim.request.id), (e) => isErrandError(e, 'COORDINATOR__TRANSCRIPT_NOT_FOUND'));
  });

  it('the trust boundary refuses an http capability that names a host badly or exceeds the bounds', () => {
    assert.equal(executionRequestSchema.safeParse(sampleRequest(3, { http: HTTP })).success, true);
    for (const http of [
      { ...HTTP, allow: ['*.com'] },
      { ...HTTP, allow: ['API.example.com'] },
      { ...HTTP, allow: [] },
      { ...HTTP, maxRequests: 257 },
    ]) {
      assert.equal(executionRequestSchema.safeParse(sampleRequest(3, { http })).success, false, JSON.stringify(http));
    }
  });
});
