/**
 * Property-based fuzzing of the HTTP APIs (fast-check): random methods, paths (every route, with
 * real and bogus ids), queries, bodies and tokens, including the strings that used to answer 500
 * (issue 12, item 9): NUL in query and body strings, lone UTF-16 surrogates, JSON nested 10,000
 * deep. No answer may be a 5xx, every 4xx is coded, and nothing stored before the run is lost or
 * changed (requests' contents, a NUL input included, and a cached module).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultKeystoreSettings } from '../../keystore/config.ts';
import { startKeystore, type RunningKeystore } from '../../keystore/service/startKeystore.ts';
import { CONTRACT, MASTER_HEX, MEASUREMENT, capturedLogger, world } from '../keystore/fixtures.ts';
import { coordinatorPerTest, type TestCoordinator } from './helpers/testCoordinator.ts';
import { sampleRequest, sha256, wasmModule, wasmUrlRequest } from './helpers/fixtures.ts';
import type { RequestRecord } from '../../coordinator/api/index.ts';

const RUNS = 1000;
const KEYSTORE_RUNS = 300;

/** Strings that no `text` column holds, or that are not Unicode at all. */
const hostile = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udbff', '\udfff\ud800', '%00', '\u0000\ud800'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const text = fc.oneof(fc.string({ maxLength: 20 }), hostile);
/** 10,000 levels: past every recursive consumer's comfort. */
const DEEP = 10_000;
const deepBodies = fc.constantFrom(
  '['.repeat(DEEP) + ']'.repeat(DEEP),
  '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP),
  `{"attestation":${'['.repeat(DEEP)}${']'.repeat(DEEP)}}`,
  `{"response":${'{"x":'.repeat(DEEP)}0${'}'.repeat(DEEP)}}`,
);

const ROUTE_SEGMENTS = [
  'v1',
  'requests',
  'jobs',
  'wasm',
  'by-source',
  'locks',
  'acquire',
  'extend',
  'release',
  'workers',
  'heartbeat',
  'claims',
  'poll',
  'complete',
  'fail',
  'logs',
  'events',
  'keystore',
  'pubkey',
  'health',
  'metrics',
  'attest',
  'challenge',
  'secrets',
  'decrypt',
  '%',
  '%zz',
  '..',
  '%00',
  '%ED%A0%80',
  '00000000-0000-0000-0000-000000000000',
  'a'.repeat(64),
];

/** encodeURIComponent, with a lone surrogate written as its (invalid) UTF-8-style bytes. */
const encodeSegment = (s: string): string => {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, '')) + '%ED%A0%80';
  }
};

function pathOf(ids: string[], fixed: string[]) {
  const segment = fc.oneof(fc.constantFrom(...ROUTE_SEGMENTS, ...ids), fc.string({ maxLength: 20 }).map(encodeURIComponent), hostile.map(encodeSegment));
  return fc.oneof(
    fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join('/')}`),
    fc.constantFrom(...fixed),
  );
}

const query = fc.option(
  fc.dictionary(
    fc.constantFrom('status', 'limit', 'before', 'key', 'follow', 'after', 'chain', 'contractId', 'senderId', 'owner', 'repo', 'branch', 'x'),
    text,
  ),
  { nil: undefined },
);

function jsonBodies(jobIds: string[]) {
  const sample = sampleRequest(2);
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ timeoutMs: fc.integer({ min: -5, max: 50 }) }, { requiredKeys: [] }),
    fc.constant(sampleRequest(1)),
    fc.record({ ...Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, fc.oneof(fc.constant(v), fc.jsonValue({ maxDepth: 2 }), text)])) }),
    fc
      .record({ input: text, contractId: text, requestId: fc.nat().map(String) })
      .map((o) => ({ ...sample, ...o, source: { ...sample.source, kind: 'wasm_url', url: 'https://x.invalid/m.wasm', sha256: 'ab'.repeat(32) } })),
    fc.record(
      {
        type: fc.constantFrom('compile', 'execute', 'x'),
        wasmSha256: text,
        pinnedCommit: text,
        response: fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.record({
            success: fc.boolean(),
            output: fc.record({ format: fc.constant('text'), value: text }),
            error: fc.record({ code: text, message: text }),
            resourcesUsed: fc.constant({ instructions: 1, timeMs: 1, compileTimeMs: 0 }),
          }),
        ),
      },
      { requiredKeys: [] },
    ),
    fc.record({ error: fc.record({ code: text, message: text }), retryable: fc.boolean() }, { requiredKeys: [] }),
    fc.record({ stream: fc.constantFrom('build', 'stdout', 'x'), chunk: text }, { requiredKeys: [] }),
    fc.record({ key: text, ttlMs: fc.integer() }, { requiredKeys: [] }),
    fc.record({ workerId: text, publicKey: text, capabilities: fc.dictionary(text, text) }, { requiredKeys: [] }),
    fc.record({ requestId: fc.constantFrom(...jobIds, 'x'), max: fc.integer({ min: -1, max: 3 }) }, { requiredKeys: [] }),
    fc.record(
      {
        attestation: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.record({ type: fc.constantFrom('ed25519', 'none', 'tdx'), nonce: text, workerAccount: text })),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(text, text),
  );
}

function bodies(jobIds: string[]) {
  type Body = { type: string; data: string | Uint8Array };
  return fc.oneof(
    jsonBodies(jobIds).map((v): Body => ({ type: 'application/json', data: JSON.stringify(v) })),
    deepBodies.map((s): Body => ({ type: 'application/json', data: s })),
    fc.string({ maxLength: 200 }).map((s): Body => ({ type: 'application/json', data: s })),
    fc.uint8Array({ maxLength: 200 }).map((b): Body => ({ type: 'application/octet-stream', data: b })),
    fc.uint8Array({ maxLength: 200 }).map((b): Body => ({ type: 'application/json', data: b })),
    fc.constant<Body>({ type: 'application/wasm', data: wasmModule('fuzz') }),
  );
}

/** One fuzzed call: never a 5xx; a 4xx answer is a coded JSON error. */
async function call(
  base: string,
  method: string,
  p: string,
  q: Record<string, string> | undefined,
  b: { type: string; data: string | Uint8Array },
  auth: string | undefined,
): Promise<void> {
  const headers: Record<string, string> = { 'content-type': b.type };
  if (auth) headers.authorization = auth;
  const qs = q ? `?${new URLSearchParams(q)}` : '';
  const res = await fetch(`${base}${p}${qs}`, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : (b.data as unknown as RequestInit['body']),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  assert.ok(res.status < 500, `${method} ${p}${qs} -> ${res.status} ${body.slice(0, 300)}`);
  if (res.status >= 400 && method !== 'HEAD' && !p.startsWith('/metrics')) {
    const j = JSON.parse(body) as { code?: string };
    assert.match(j.code ?? '', /^[A-Z]+__[A-Z_]+$/, `coded error for ${method} ${p}${qs}`);
  }
}

const METHODS = fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'PATCH');
/** What a request's stored contents are, without the fields work legitimately changes. */
const contents = (r: RequestRecord) => ({
  ref: [r.chain, r.contractId, r.requestId],
  source: r.source,
  input: r.input,
  limits: r.limits,
  deposit: r.deposit,
  senderId: r.senderId,
});

async function startFuzzKeystore(): Promise<RunningKeystore> {
  const w = world();
  return startKeystore({
    ...defaultKeystoreSettings({ masterSecret: { value: MASTER_HEX }, measurementAllowlist: [MEASUREMENT] }),
    contracts: [{ reader: w.reader, contractId: CONTRACT }],
    log: capturedLogger([]),
  });
}

describe('coordinator HTTP API fuzz (fast-check)', () => {
  let c!: TestCoordinator;
  let ks: RunningKeystore;
  beforeEach(async () => {
    // A real keystore behind the public-key proxy: its route is fuzzed through the coordinator too.
    ks = await startFuzzKeystore();
  });
  coordinatorPerTest(
    (started) => (c = started),
    () => ({
      MAX_POLL_MS: 30,
      POLL_FALLBACK_MS: 10,
      RATE_PER_IP_PER_S: 100_000,
      RATE_PER_TOKEN_PER_S: 100_000,
      RATE_BURST: 100_000,
      KEYSTORE_URL: ks.url,
    }),
  );
  afterEach(async () => {
    await ks.close();
  });

  it(`${RUNS} random calls over every route, with NUL, lone surrogates and 10,000-deep JSON: never a 5xx, nothing stored lost`, async () => {
    const { client } = await c.worker('fuzzer');
    const workerToken = (client as unknown as { opts: { token: string } }).opts.token;
    // Stored before the run: requests (one with a NUL input), a claim's jobs, a module.
    const stored = [sampleRequest(1), sampleRequest(3, { input: 'a\u0000b' }), sampleRequest(4)];
    for (const r of stored) await c.service.record(r);
    const claim = await client.claim();
    const jobIds = claim ? claim.jobs.map((j) => j.id) : [];
    const module = wasmModule('kept');
    await client.uploadWasm(sha256(module), module);
    const before = await Promise.all(stored.map(async (r) => contents((await c.admin.listRequests({ limit: 500 })).find((x) => x.requestId === r.requestId)!)));
    const ids = [...jobIds, claim?.request.id ?? 'none', sha256(module)];
    const fixed = [
      '/v1/requests',
      '/v1/claims',
      '/v1/poll',
      '/v1/workers',
      '/v1/workers/heartbeat',
      '/v1/locks/acquire',
      '/v1/locks/release',
      '/v1/locks/extend',
      '/v1/wasm/by-source',
      '/health',
      '/metrics',
      '/v1/keystore/pubkey',
      `/v1/requests/${claim?.request.id}`,
      `/v1/requests/${claim?.request.id}/events`,
      ...jobIds.flatMap((j) => [`/v1/jobs/${j}/complete`, `/v1/jobs/${j}/fail`, `/v1/jobs/${j}/heartbeat`, `/v1/jobs/${j}/logs`]),
      `/v1/wasm/${sha256(module)}`,
    ];
    let count = 0;
    await fc.assert(
      fc.asyncProperty(METHODS, pathOf(ids, fixed), query, bodies(jobIds), fc.constantFrom('admin', 'worker', 'none', 'junk'), async (method, p, q, b, who) => {
        count++;
        const auth =
          who === 'admin' ? `Bearer ${c.adminToken}` : who === 'worker' ? `Bearer ${workerToken}` : who === 'junk' ? 'Bearer not a token' : undefined;
        await call(c.url, method, p, q, b, auth);
      }),
      { numRuns: RUNS },
    );
    assert.equal(count >= RUNS, true);
    assert.equal((await c.admin.health()).status, 'ok', 'still alive');
    const all = await c.admin.listRequests({ limit: 500 });
    const after = stored.map((r) => all.find((x) => x.requestId === r.requestId && x.contractId === r.contractId));
    assert.deepEqual(
      after.map((r) => r && contents(r)),
      before,
      'every stored request is still there, unchanged',
    );
    assert.deepEqual(Buffer.from(await client.downloadWasm(sha256(module))), module, 'the cached module is intact');
  });

  it('answers 400 with a code for NUL in a query, a lone surrogate in a body, and JSON nested 10,000 deep', async () => {
    const auth = { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' };
    const cases: Array<[string, RequestInit, string]> = [
      ['/v1/requests?senderId=a%00b', { headers: auth }, 'COMMON__MALFORMED_STRING'],
      ['/v1/wasm/by-source?key=%00', { headers: auth }, 'COMMON__MALFORMED_STRING'],
      ['/v1/requests', { method: 'POST', headers: auth, body: JSON.stringify({ ...sampleRequest(5), contractId: 'x\u0000' }) }, 'COMMON__MALFORMED_STRING'],
      ['/v1/requests', { method: 'POST', headers: auth, body: JSON.stringify({ ...sampleRequest(6), input: 'x\ud800' }) }, 'COMMON__MALFORMED_STRING'],
      ['/v1/locks/acquire', { method: 'POST', headers: auth, body: JSON.stringify({ key: '\udc00' }) }, 'COMMON__MALFORMED_STRING'],
      ['/v1/workers', { method: 'POST', headers: auth, body: '['.repeat(DEEP) + ']'.repeat(DEEP) }, 'COMMON__NESTED_TOO_DEEP'],
      ['/v1/requests', { method: 'POST', headers: auth, body: '{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP) }, 'COMMON__NESTED_TOO_DEEP'],
    ];
    for (const [p, init, code] of cases) {
      const res = await fetch(`${c.url}${p}`, init);
      const j = (await res.json()) as { code: string };
      assert.deepEqual([p, res.status, j.code], [p, 400, code]);
    }
    // A NUL is data in an input: recorded byte for byte.
    const res = await fetch(`${c.url}/v1/requests`, { method: 'POST', headers: auth, body: JSON.stringify({ ...sampleRequest(7), input: 'x\u0000y' }) });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { request: RequestRecord }).request.input, 'x\u0000y');
  });

  it('a program output holding a NUL is stored and read back unchanged', async () => {
    const module = wasmModule('nul-output');
    const { client } = await c.worker('w-nul');
    await c.service.record(wasmUrlRequest(20, sha256(module)));
    const claim = (await client.claim())!;
    await client.uploadWasm(sha256(module), module);
    const compile = claim.jobs.find((j) => j.type === 'compile')!;
    const execute = claim.jobs.find((j) => j.type === 'execute')!;
    await client.completeCompile(compile.id, { wasmSha256: sha256(module) });
    const response = {
      success: false,
      output: { format: 'text' as const, value: 'out\u0000put' },
      error: { code: 'EXECUTOR__TRAP', message: 'tail \u0000' },
      resourcesUsed: { instructions: 1, timeMs: 1, compileTimeMs: 0 },
    };
    await client.completeExecute(execute.id, { response });
    assert.deepEqual((await c.admin.getRequest(claim.request.id)).response, response);
  });
});

describe('keystore HTTP API fuzz (fast-check)', () => {
  let ks: RunningKeystore;
  beforeEach(async () => {
    ks = await startFuzzKeystore();
  });
  afterEach(async () => {
    await ks.close();
  });

  it(`${KEYSTORE_RUNS} random calls over every keystore route: never a 5xx`, async () => {
    const fixed = ['/health', '/v1/pubkey', '/v1/secrets/decrypt', '/v1/attest/challenge'];
    await fc.assert(
      fc.asyncProperty(METHODS, pathOf([], fixed), query, bodies([]), async (method, p, q, b) => {
        await call(ks.url, method, p, q, b, undefined);
      }),
      { numRuns: KEYSTORE_RUNS },
    );
    assert.equal((await fetch(`${ks.url}/health`)).status, 200, 'still alive');
  });
});
