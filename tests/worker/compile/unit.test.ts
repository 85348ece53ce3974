import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import { detectLanguage, needsNetwork, validateOutput, wasmKind } from '../../../worker/compile/index.ts';
import { buildScript, safeRelativePath } from '../../../worker/compile/buildScript.ts';
import { tempDir } from '../helpers/gitRepo.ts';
import { CORE_HEADER, START_MODULE } from '../helpers/modules.ts';

describe('worker/compile: language detection', () => {
  let scratch: ReturnType<typeof tempDir>;
  beforeEach(() => (scratch = tempDir()));
  afterEach(() => scratch.remove());
  const put = (file: string, content = ''): void => {
    mkdirSync(path.dirname(path.join(scratch.dir, file)), { recursive: true });
    writeFileSync(path.join(scratch.dir, file), content);
  };

  it('detects Rust, AssemblyScript, JS components and C from their files', async () => {
    put('Cargo.toml', '[package]');
    assert.equal(await detectLanguage(scratch.dir), 'rust');
  });
  it('detects AssemblyScript from asconfig.json or a dependency', async () => {
    put('package.json', JSON.stringify({ devDependencies: { assemblyscript: '0.28.0' } }));
    assert.equal(await detectLanguage(scratch.dir), 'assemblyscript');
  });
  it('detects a JS component from package.json plus a WIT world', async () => {
    put('package.json', '{}');
    put('wit/world.wit', 'package a:b;');
    assert.equal(await detectLanguage(scratch.dir), 'js-component');
  });
  it('detects C from source files in src/ or a wasi Makefile', async () => {
    put('src/main.c', 'int main(void){return 0;}');
    assert.equal(await detectLanguage(scratch.dir), 'c');
  });
  it('fails with WORKER__LANGUAGE_UNDETECTED listing what it saw', async () => {
    put('README.md', 'hi');
    await assert.rejects(detectLanguage(scratch.dir), (e) => isErrandError(e, 'WORKER__LANGUAGE_UNDETECTED') && e.context.files.includes('README.md'));
  });
});

describe('worker/compile: build scripts and repository-supplied paths', () => {
  it('refuses a JS component for wasm32-wasip1', () => {
    assert.throws(
      () => buildScript('js-component', 'wasm32-wasip1'),
      (e) => isErrandError(e, 'WORKER__TARGET_UNSUPPORTED'),
    );
  });
  it('adapts P1 languages to wasm32-wasip2 with the jco command adapter', () => {
    assert.match(buildScript('c', 'wasm32-wasip2'), /jco\.js new "\$P1" --wasi-command/);
    assert.doesNotMatch(buildScript('c', 'wasm32-wasip1'), /jco/);
  });
  it('uses rustc target wasm32-wasi for Errand target wasm32-wasip1, offline', () => {
    const script = buildScript('rust', 'wasm32-wasip1');
    assert.match(script, /"\$CARGO" build --release --offline \$LOCKED --target "\$RUST_TARGET"\n/);
    assert.match(script, /RUST_TARGET="\$\{ERRAND_RUST_P1_TARGET:-wasm32-wasi\}"/);
  });
  it('accepts plain relative paths and rejects traversal, absolute paths and shell metacharacters', () => {
    assert.equal(safeRelativePath('assembly/index.ts', 'entry'), 'assembly/index.ts');
    for (const bad of ['../x', 'a/../../b', '/etc/passwd', '$(id)', 'a b', '-rf', 'a;b']) {
      assert.throws(
        () => safeRelativePath(bad, 'entry'),
        (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'),
        bad,
      );
    }
  });
});

describe('worker/compile: network-failure classification', () => {
  it('recognises resolution and connection failures, and cargo offline refusals', () => {
    assert.ok(
      needsNetwork('error: failed to get `rand` as a dependency of package `x`\nCaused by: attempting to make an HTTP request, but --offline was specified'),
    );
    assert.ok(needsNetwork('npm ERR! getaddrinfo EAI_AGAIN registry.npmjs.org'));
    assert.ok(needsNetwork('curl: (6) Could not resolve host: example.com'));
    assert.ok(!needsNetwork('main.c:3:1: error: expected expression'));
  });
});

describe('worker/compile: output validation', () => {
  it('accepts a WASI command module for wasm32-wasip1', async () => {
    await validateOutput(START_MODULE, 'wasm32-wasip1', 1024);
    assert.equal(wasmKind(START_MODULE), 'core');
  });
  it('rejects a module without _start, garbage, a core module for P2, and oversize output', async () => {
    await assert.rejects(
      validateOutput(new Uint8Array(CORE_HEADER), 'wasm32-wasip1', 1024),
      (e) => isErrandError(e, 'WORKER__OUTPUT_INVALID') && /_start/.test(e.message),
    );
    await assert.rejects(validateOutput(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), 'wasm32-wasip1', 1024), (e) => isErrandError(e, 'WORKER__OUTPUT_INVALID'));
    await assert.rejects(
      validateOutput(START_MODULE, 'wasm32-wasip2', 1024),
      (e) => isErrandError(e, 'WORKER__OUTPUT_INVALID') && /core module/.test(e.message),
    );
    await assert.rejects(validateOutput(START_MODULE, 'wasm32-wasip1', 10), (e) => isErrandError(e, 'WORKER__OUTPUT_TOO_LARGE'));
  });
  it('rejects a truncated component that wasm-tools cannot parse', async () => {
    const broken = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x05]);
    await assert.rejects(validateOutput(broken, 'wasm32-wasip2', 1024), (e) => isErrandError(e, 'WORKER__OUTPUT_INVALID') && /wasm-tools/.test(e.message));
  });
});
