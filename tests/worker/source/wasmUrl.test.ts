import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isErrandError } from '../../../common/errors/index.ts';
import type { Sha256Hex } from '../../../common/types/index.ts';
import { fetchWasmUrl } from '../../../worker/source/index.ts';

// The smallest valid module: magic + version.
const MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const sha = (b: Uint8Array): Sha256Hex => createHash('sha256').update(b).digest('hex') as Sha256Hex;

describe('worker/source: wasm_url', () => {
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/module.wasm') return res.end(MODULE);
      if (req.url === '/big.wasm') return res.end(Buffer.alloc(4096));
      res.statusCode = 404;
      res.end('not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the bytes when the sha256 matches', async () => {
    const bytes = await fetchWasmUrl(`${base}/module.wasm`, sha(MODULE));
    assert.deepEqual([...bytes], [...MODULE]);
  });

  it('rejects a hash mismatch with WORKER__WASM_HASH_MISMATCH naming both hashes', async () => {
    const wrong = 'f'.repeat(64) as Sha256Hex;
    await assert.rejects(fetchWasmUrl(`${base}/module.wasm`, wrong), (e) => {
      assert.ok(isErrandError(e, 'WORKER__WASM_HASH_MISMATCH'));
      assert.equal(e.context.expected, wrong);
      assert.equal(e.context.actual, sha(MODULE));
      return true;
    });
  });

  it('caps the size while streaming with WORKER__WASM_TOO_LARGE', async () => {
    await assert.rejects(fetchWasmUrl(`${base}/big.wasm`, sha(MODULE), { maxBytes: 1000 }), (e) => isErrandError(e, 'WORKER__WASM_TOO_LARGE'));
  });

  it('reports an HTTP error status with WORKER__WASM_FETCH_FAILED', async () => {
    await assert.rejects(fetchWasmUrl(`${base}/missing.wasm`, sha(MODULE)), (e) => isErrandError(e, 'WORKER__WASM_FETCH_FAILED') && e.context.status === 404);
  });

  it('refuses schemes other than http(s)', async () => {
    await assert.rejects(fetchWasmUrl('file:///etc/passwd', sha(MODULE)), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
  });

  it('never puts URL credentials into the error', async () => {
    const port = (server.address() as AddressInfo).port;
    await assert.rejects(fetchWasmUrl(`http://alice:hunter2@127.0.0.1:${port}/missing.wasm?token=abc123`, sha(MODULE)), (e) => {
      assert.ok(isErrandError(e, 'WORKER__WASM_FETCH_FAILED'));
      const everything = JSON.stringify({ message: e.message, context: e.context });
      assert.ok(!everything.includes('hunter2') && !everything.includes('alice') && !everything.includes('abc123'), everything);
      return true;
    });
  });
});
