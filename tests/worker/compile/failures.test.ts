/** Builds that must fail, and how: each gets its coded error quickly (no example toolchains beyond clang/cargo). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { isErrandError } from '../../../common/errors/index.ts';
import type { Sha256Hex } from '../../../common/types/index.ts';
import { compileSource, createSandbox } from '../../../worker/compile/index.ts';
import { createTestRepo, tempDir, type TestRepo } from '../helpers/gitRepo.ts';
import { requireTools } from '../../setup/requireTools.ts';

const sandbox = createSandbox('bwrap');

describe('worker/compile: failing builds get coded errors', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14', 'rustc']);
  });
  this.timeout(90_000);
  let repo: TestRepo;
  let scratch: ReturnType<typeof tempDir>;
  beforeEach(() => {
    repo = createTestRepo();
    scratch = tempDir('errand-compile-');
  });
  afterEach(() => {
    repo.remove();
    scratch.remove();
  });
  const compile = (commit = 'main', target: 'wasm32-wasip1' | 'wasm32-wasip2' = 'wasm32-wasip1', timeoutMs = 60_000) =>
    compileSource({ kind: 'git', repo: repo.url, commit, target }, { sandbox, workDir: scratch.dir, timeoutMs });

  it('a compile error is WORKER__BUILD_FAILED with the compiler output in the log tail', async () => {
    repo.write('main.c', 'int main(void) { return undeclared_name; }\n');
    repo.commit('broken');
    await assert.rejects(compile(), (e) => {
      assert.ok(isErrandError(e, 'WORKER__BUILD_FAILED'), String(e));
      assert.match(e.context.logTail, /undeclared_name/);
      assert.equal(e.context.language, 'c');
      return true;
    });
  });

  it('a Rust dependency from crates.io is WORKER__BUILD_NEEDS_NETWORK (builds are offline)', async () => {
    repo.write('Cargo.toml', '[package]\nname = "needs-net"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nrand = "0.8"\n');
    repo.write('src/main.rs', 'fn main() {}\n');
    repo.commit('depends on crates.io');
    await assert.rejects(compile(), (e) => {
      assert.ok(isErrandError(e, 'WORKER__BUILD_NEEDS_NETWORK'), String(e));
      assert.match(e.message, /network/);
      return true;
    });
  });

  it('a build step that downloads is refused by the sandbox and reported as needing the network', async () => {
    const download = `node -e "fetch('http://deps.example.com/x.h').catch((e) => { console.error('download failed:', e.cause?.code ?? e.message); process.exit(6); })"`;
    repo.write('Makefile', `# wasi build that fetches a header first\nall:\n\t${download}\n`);
    repo.commit('downloads');
    await assert.rejects(compile(), (e) => {
      assert.ok(isErrandError(e, 'WORKER__BUILD_NEEDS_NETWORK'), String(e));
      assert.match(e.context.logTail, /download failed: (ENOTFOUND|EAI_AGAIN)/);
      return true;
    });
  });

  it('a build that sleeps past its limit is WORKER__BUILD_TIMEOUT, its background child killed too', async () => {
    // Distinctive durations, so the host's process table can be searched for survivors.
    repo.write('Makefile', `# wasi\nall:\n\t(sleep 44.125; touch /out/late) &\n\tsleep 61.375\n`);
    repo.commit('sleeps');
    const started = Date.now();
    await assert.rejects(compile('main', 'wasm32-wasip1', 3_000), (e) => isErrandError(e, 'WORKER__BUILD_TIMEOUT'));
    assert.ok(Date.now() - started < 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const survivors = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /sleep (44\.125|61\.375)/.test(l));
    assert.deepEqual(survivors, [], 'no process of the build survives');
    assert.deepEqual(readdirSync(scratch.dir), [], 'the scratch directory (and its /out) was removed');
  });

  it('a symlink out of the tree is rejected before the build (WORKER__SOURCE_UNSAFE_PATH)', async () => {
    repo.write('main.c', '#include "secret.h"\nint main(void){return 0;}\n');
    repo.symlink('secret.h', '/etc/shadow');
    repo.commit('escape');
    await assert.rejects(compile(), (e) => isErrandError(e, 'WORKER__SOURCE_UNSAFE_PATH'));
  });

  it('a JS component cannot be built for wasm32-wasip1 (WORKER__TARGET_UNSUPPORTED)', async () => {
    repo.write('package.json', '{"main":"app.js"}');
    repo.write('wit/world.wit', 'package a:b;\nworld w {}\n');
    repo.write('app.js', '');
    repo.commit('js');
    await assert.rejects(compile(), (e) => isErrandError(e, 'WORKER__TARGET_UNSUPPORTED'));
  });

  it('a program that builds no _start is WORKER__OUTPUT_INVALID', async () => {
    repo.write('Makefile', '# wasi library, not a command\nall:\n\t$(CC) -O2 -nostartfiles -Wl,--no-entry -Wl,--export=f -o lib.wasm lib.c\n');
    repo.write('lib.c', 'int f(int x) { return x + 1; }\n');
    repo.commit('library');
    await assert.rejects(compile(), (e) => isErrandError(e, 'WORKER__OUTPUT_INVALID') && /_start/.test(e.message));
  });
});

describe('worker/compile: wasm_url sources', () => {
  let server: Server;
  let base: string;
  // (module (func (export "_start")))
  const MODULE = new Uint8Array([
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 7, 10, 1, 6, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0, 0, 10, 4, 1, 2, 0, 0x0b,
  ]);
  const sha = createHash('sha256').update(MODULE).digest('hex') as Sha256Hex;
  before(async () => {
    server = createServer((_req, res) => res.end(MODULE));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('downloads, checks the hash and validates, without compiling', async () => {
    const result = await compileSource({ kind: 'wasm_url', url: `${base}/m.wasm`, sha256: sha }, { sandbox, workDir: os.tmpdir(), timeoutMs: 10_000 });
    assert.equal(result.sha256, sha);
    assert.equal(result.language, null);
    assert.equal(result.target, 'wasm32-wasip1');
  });

  it('rejects a hash mismatch with WORKER__WASM_HASH_MISMATCH', async () => {
    const wrong = '0'.repeat(64) as Sha256Hex;
    await assert.rejects(compileSource({ kind: 'wasm_url', url: `${base}/m.wasm`, sha256: wrong }, { sandbox, workDir: os.tmpdir(), timeoutMs: 10_000 }), (e) =>
      isErrandError(e, 'WORKER__WASM_HASH_MISMATCH'),
    );
  });
});
