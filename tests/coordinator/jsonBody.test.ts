import assert from 'node:assert/strict';
import http from 'node:http';
import { startTestCoordinator, type TestCoordinator } from './helpers/testCoordinator.ts';

/** One raw POST /v1/claims: status and coded error, whatever the body and headers. */
function post(
  c: TestCoordinator,
  token: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; code?: string; message?: string }> {
  const url = new URL('/v1/claims', c.url);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const json = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { code?: string; error?: string };
        resolve({ status: res.statusCode!, code: json.code, message: json.error });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('coordinator JSON bodies (jsonBody: the plain case read directly, the rest by express.json)', () => {
  let c: TestCoordinator;
  let token: string;
  const json = (body: string, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    ...extra,
  });
  before(async () => {
    c = await startTestCoordinator({ JSON_BODY_LIMIT_BYTES: 1024 });
    const reg = await c.admin.registerWorker({ workerId: 'w-json' });
    token = reg.token;
  });
  after(async () => {
    await c.close();
  });

  it('parses plain JSON, with or without a UTF-8 charset or a byte order mark; an empty body is {}', async () => {
    assert.equal((await post(c, token, '{}', json('{}'))).status, 200);
    assert.equal((await post(c, token, ' {"max": 2} ', json(' {"max": 2} ', { 'content-type': 'application/json; charset=UTF-8' }))).status, 200);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]);
    assert.equal((await post(c, token, bom, { 'content-type': 'application/json', 'content-length': String(bom.length) })).status, 200);
    assert.equal((await post(c, token, '', json(''))).status, 200);
  });

  it('refuses what body-parser refuses, with the same status and type', async () => {
    const bad = await post(c, token, '{nope', json('{nope'));
    assert.deepEqual([bad.status, bad.code], [400, 'COMMON__INVALID_ARGUMENT']);
    assert.match(bad.message!, /entity\.parse\.failed/);
    const scalar = await post(c, token, '"x"', json('"x"'));
    assert.deepEqual([scalar.status, scalar.code], [400, 'COMMON__INVALID_ARGUMENT'], 'strict: objects and arrays only');
    assert.match(scalar.message!, /entity\.parse\.failed/);
    const big = '{"a":"' + 'x'.repeat(2000) + '"}';
    const tooLarge = await post(c, token, big, json(big));
    assert.equal(tooLarge.status, 413);
    const latin = await post(c, token, '{}', json('{}', { 'content-type': 'application/json; charset=latin1' }));
    assert.equal(latin.status, 415);
    const wrongField = await post(c, token, '{"max": "x"}', json('{"max": "x"}'));
    assert.deepEqual([wrongField.status, wrongField.code], [400, 'COMMON__INVALID_ARGUMENT'], 'then the route validates it');
  });

  it('leaves other content types unparsed, as express.json does', async () => {
    assert.equal((await post(c, token, 'max=2', { 'content-type': 'text/plain', 'content-length': '5' })).status, 200);
  });
});
