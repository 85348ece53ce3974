/**
 * The request page's transactions and HTTP transcript, server side: the request's transaction as
 * the watcher saw it (kept through the batch insert), the explorer templates the page links with,
 * and the transcript read that answers "none" while no `transcripts` table exists (the HTTP
 * capability's migration 000016 may land before or after this one) and summarises a stored one.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { applyChainBatch } from '../../../coordinator/watcher/chainBatch.ts';
import { summarizeTranscript } from '../../../coordinator/dashboard/dashboardTranscript.ts';
import { startTestCoordinator, type TestCoordinator } from '../helpers/testCoordinator.ts';
import { sampleRequest } from '../helpers/fixtures.ts';

describe('dashboard: request transactions and HTTP transcript', function () {
  this.timeout(60_000);
  let c: TestCoordinator;
  before(async () => {
    c = await startTestCoordinator({ DASHBOARD_EXPLORER_NEAR: 'https://explorer.example/txns/{hash}' });
  });
  after(async () => {
    await c.close();
  });

  const json = async (path: string) => {
    const res = await fetch(`${c.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const idOf = async (requestId: string): Promise<string> => {
    const { rows } = await c.db.query<{ id: string }>(`SELECT id::text AS id FROM requests WHERE request_id = $1`, [requestId]);
    return rows[0]!.id;
  };

  it('keeps the request transaction the watcher saw, and names the explorer templates', async () => {
    const receipt = '9oGGAqYfTDVVmcXxdHuVUvTh8GNMECLrvAw4Y2YVDLfw';
    await applyChainBatch(c.db, { requested: [sampleRequest(1, { requestTx: receipt }), sampleRequest(2)], completed: [], cursor: null });
    const withTx = await json(`/v1/dashboard/requests/${await idOf('1')}`);
    assert.equal((withTx.body.request as { requestTx?: string }).requestTx, receipt);
    const without = await json(`/v1/dashboard/requests/${await idOf('2')}`);
    assert.equal('requestTx' in (without.body.request as object), false, 'a request without one has none (not null, not "")');
    const config = await json('/v1/dashboard/config');
    assert.deepEqual(config.body.explorers, { near: 'https://explorer.example/txns/{hash}', solana: null });
  });

  it('refuses an explorer template without {hash} or with another scheme (coded config error)', async () => {
    for (const bad of ['https://explorer.example/txns/', 'javascript:alert(1)//{hash}']) {
      await assert.rejects(
        startTestCoordinator({ DASHBOARD_EXPLORER_SOLANA: bad }),
        (e: unknown) => (e as { code?: string }).code === 'COMMON__CONFIG_INVALID',
      );
    }
  });

  it('answers "none" without a transcripts table, then summarises a stored transcript', async () => {
    const id = await idOf('1');
    const before = await c.db.query<{ t: boolean }>(`SELECT to_regclass('transcripts') IS NOT NULL AS t`);
    if (!before.rows[0]!.t) assert.deepEqual((await json(`/v1/dashboard/requests/${id}/transcript`)).body, { kind: 'none' });
    // The table as migration 000016 (issue 17) makes it; IF NOT EXISTS: with that migration merged it is there already.
    await c.db.query(`CREATE TABLE IF NOT EXISTS transcripts (request_id uuid PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
      sha256 text NOT NULL, body bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    assert.deepEqual((await json(`/v1/dashboard/requests/${id}/transcript`)).body, { kind: 'none' });
    const doc = {
      version: 1,
      exchanges: [
        {
          request: { method: 'GET', url: 'https://api.example/a', headers: [], bodyBase64: '' },
          response: { status: 200, headers: [], bodyBase64: 'aGVsbG8=' },
          redirects: [{ status: 302, url: 'https://api.example/b' }],
        },
        {
          request: { method: 'POST', url: 'https://api.example/c', headers: [], bodyBase64: 'YWJj' },
          error: { kind: 'timeout', message: 'no answer in 5000 ms' },
          redirects: [],
        },
      ],
    };
    const body = Buffer.from(JSON.stringify(doc));
    const sha256 = createHash('sha256').update(body).digest('hex');
    await c.db.query(`INSERT INTO transcripts (request_id, sha256, body) VALUES ($1::uuid, $2, $3)`, [id, sha256, body]);
    const t = await json(`/v1/dashboard/requests/${id}/transcript`);
    assert.deepEqual(t.body, {
      kind: 'http',
      sha256,
      bytes: body.length,
      total: 2,
      exchanges: [
        { method: 'GET', url: 'https://api.example/a', status: 200, error: null, requestBytes: 0, responseBytes: 5, redirects: 1 },
        {
          method: 'POST',
          url: 'https://api.example/c',
          status: null,
          error: 'timeout: no answer in 5000 ms',
          requestBytes: 3,
          responseBytes: null,
          redirects: 0,
        },
      ],
    });
    const missing = await json('/v1/dashboard/requests/00000000-0000-4000-8000-000000000000/transcript');
    assert.deepEqual([missing.status, missing.body.code], [404, 'COORDINATOR__REQUEST_NOT_FOUND']);
  });

  it('shows a stored transcript that does not parse as unreadable, and caps what it lists', () => {
    assert.deepEqual(summarizeTranscript('ab', Buffer.from('{not json')), { kind: 'unreadable', sha256: 'ab', bytes: 9, reason: 'not JSON' });
    assert.equal(summarizeTranscript('ab', Buffer.from('[1,2]')).kind, 'unreadable');
    const many = summarizeTranscript('ab', Buffer.from(JSON.stringify({ exchanges: Array.from({ length: 500 }, () => 7) })));
    assert.ok(many.kind === 'http');
    assert.equal(many.total, 500);
    assert.equal(many.exchanges.length, 200);
    assert.deepEqual(many.exchanges[0], { method: '?', url: '?', status: null, error: null, requestBytes: 0, responseBytes: null, redirects: 0 });
  });
});
