/**
 * The committed errand.wasm's interface: it matches its sha256 file, imports only the NEAR host
 * functions API.md documents (the list the local chain implements), and exports every method.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { WASM_PATH } from './support/miniHost.ts';

const API_MD = new URL('../../../contracts/near/API.md', import.meta.url);
const SHA_FILE = new URL('../../../contracts/near/errand.wasm.sha256', import.meta.url);

function documentedImports(): string[] {
  const md = readFileSync(API_MD, 'utf8');
  const section = md.split('## Host functions imported')[1]?.split('\n\n')[1] ?? '';
  return section
    .replace(/`/g, '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

describe('near contract wasm interface', () => {
  const bytes = readFileSync(WASM_PATH);
  const module = new WebAssembly.Module(bytes);

  it('matches the committed sha256', () => {
    const committed = readFileSync(SHA_FILE, 'utf8').split(/\s+/)[0];
    assert.equal(createHash('sha256').update(bytes).digest('hex'), committed);
  });

  it('imports only documented functions from env', () => {
    const documented = documentedImports();
    assert.ok(documented.length >= 20, 'API.md lists the host functions');
    for (const imp of WebAssembly.Module.imports(module)) {
      assert.equal(imp.module, 'env');
      assert.equal(imp.kind, 'function');
      assert.ok(documented.includes(imp.name), `${imp.name} is not documented in API.md`);
    }
  });

  it('exports every method of the API', () => {
    const exported = new Set(
      WebAssembly.Module.exports(module)
        .filter((e) => e.kind === 'function')
        .map((e) => e.name),
    );
    const methods = [
      'new',
      'set_pricing',
      'pause',
      'unpause',
      'withdraw_fees',
      'get_config',
      'estimate_cost',
      'request_execution',
      'get_request',
      'delete_request',
      'submit_execution_output',
      'get_execution_output',
      'delete_execution_output',
      'resolve_execution',
      'on_execution_response',
      'cancel_stale_execution',
      'store_secrets',
      'delete_secrets',
      'get_secrets',
      'list_user_secrets',
      'register_worker',
      'unregister_worker',
      'withdraw_stake',
      'slash_worker',
      'get_worker',
      'get_worker_by_key',
      'list_workers',
    ];
    for (const m of methods) assert.ok(exported.has(m), `missing export ${m}`);
    assert.ok(WebAssembly.Module.exports(module).some((e) => e.name === 'memory' && e.kind === 'memory'));
  });
});
