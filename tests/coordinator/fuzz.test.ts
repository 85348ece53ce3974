import assert from 'node:assert/strict';
import fc from 'fast-check';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest, wasmModule } from './helpers/fixtures.ts';

const RUNS = 1000;

const segment = fc.oneof(
  fc.constantFrom('v1', 'requests', 'jobs', 'wasm', 'by-source', 'locks', 'acquire', 'extend', 'release', 'workers', 'heartbeat',
    'claims', 'poll', 'complete', 'fail', 'logs', 'events', 'keystore', 'pubkey', 'health', 'metrics', '%', '%zz', '..', '%00',
    '00000000-0000-0000-0000-000000000000', 'a'.repeat(64)),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const path = fc.oneof(
  fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`),
  fc.constantFrom('/v1/requests', '/v1/claims', '/v1/poll', '/v1/workers', '/v1/workers/heartbeat', '/v1/locks/acquire',
    '/v1/locks/release', '/v1/locks/extend', '/v1/jobs/00000000-0000-0000-0000-000000000000/complete', '/v1/wasm/by-source'),
);
const query = fc.option(fc.dictionary(fc.constantFrom('status', 'limit', 'before', 'key', 'follow', 'after', 'chain', 'x'), fc.string({ maxLength: 10 })), { nil: undefined });
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record({ timeoutMs: fc.integer({ min: -5, max: 50 }) }, { requiredKeys: [] }),
  fc.constant(sampleRequest(1)),
  fc.record({ ...Object.fromEntries(Object.entries(sampleRequest(2)).map(([k, v]) => [k, fc.oneof(fc.constant(v), fc.jsonValue({ maxDepth: 2 }))])) }),
  fc.record({ type: fc.constantFrom('compile', 'execute', 'x'), wasmSha256: fc.string(), response: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
  fc.record({ key: fc.string(), ttlMs: fc.integer() }, { requiredKeys: [] }),
);
const body = fc.oneof(
  jsonBody.map((v) => ({ type: 'application/json', data: JSON.stringify(v) as string | Uint8Array })),
  fc.string({ maxLength: 200 }).map((s) => ({ type: 'application/json', data: s as string | Uint8Array })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ type: 'application/octet-stream', data: b as string | Uint8Array })),
  fc.constant({ type: 'application/wasm', data: wasmModule('fuzz') as string | Uint8Array }),
);

describe('coordinator HTTP API fuzz (fast-check)', () => {
  let c: TestCoordinator;
  beforeEach(async () => {
    c = await startTestCoordinator({ MAX_POLL_MS: 30, POLL_FALLBACK_MS: 10, RATE_PER_IP_PER_S: 100_000, RATE_PER_TOKEN_PER_S: 100_000, RATE_BURST: 100_000 });
  });
  afterEach(async () => {
    await c.close();
  });

  it(`${RUNS} random methods, paths, queries, bodies and tokens: never a 500, never a crash`, async () => {
    const { client } = await c.worker('fuzzer');
    const workerToken = (client as unknown as { opts: { token: string } }).opts.token;
    await c.service.record(sampleRequest(1));
    let count = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'PATCH'),
        path,
        query,
        body,
        fc.constantFrom<'admin' | 'worker' | 'none' | 'junk'>('admin', 'worker', 'none', 'junk'),
        async (method, p, q, b, who) => {
          count++;
          const headers: Record<string, string> = { 'content-type': b.type };
          if (who === 'admin') headers.authorization = `Bearer ${c.adminToken}`;
          if (who === 'worker') headers.authorization = `Bearer ${workerToken}`;
          if (who === 'junk') headers.authorization = 'Bearer not a token';
          const qs = q ? `?${new URLSearchParams(q)}` : '';
          const res = await fetch(`${c.url}${p}${qs}`, {
            method,
            headers,
            body: method === 'GET' || method === 'HEAD' ? undefined : (b.data as unknown as RequestInit['body']),
            signal: AbortSignal.timeout(10_000),
          });
          const text = await res.text();
          assert.ok(res.status < 500, `${method} ${p}${qs} -> ${res.status} ${text.slice(0, 200)}`);
          if (res.status >= 400 && method !== 'HEAD' && !p.startsWith('/metrics')) {
            const j = JSON.parse(text) as { code?: string; error?: string };
            assert.match(j.code ?? '', /^[A-Z]+__[A-Z_]+$/, `coded error for ${method} ${p}`);
          }
        },
      ),
      { numRuns: RUNS },
    );
    assert.equal(count >= RUNS, true);
    assert.equal((await c.admin.health()).status, 'ok', 'still alive');
  });
});
