/** The ed25519 worker measurement follows the worker's real import graph, not a folder list. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKER_ENTRY_POINTS, importGraph, measurementOf, workerMeasurement } from '../../worker/measurement/index.ts';

describe('worker measurement (import graph)', () => {
  let root: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'errand-measure-'));
    write('node_modules/zod/package.json', '{"name":"zod","version":"9.9.9"}');
    write(
      'main.ts',
      "import { a } from './lib/a.ts';\nimport type { T } from './types.ts';\n// import './commented.ts';\nexport { b } from './lib/b.ts';\nconst c = await import('./lazy.ts');\n",
    );
    write(
      'lib/a.ts',
      "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nconst THREAD = new URL('../thread/main.ts', import.meta.url);\nexport const a = 1;\n",
    );
    write('lib/b.ts', 'export const b = 2;\n');
    write('lazy.ts', 'export const lazy = 3;\n');
    write('thread/main.ts', 'export {};\n');
    write('types.ts', 'export type T = number;\n');
    write('unrelated/other.ts', 'export const x = 1;\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('collects static, re-exported, dynamic and thread-entry modules and package versions; skips type-only imports and comments', () => {
    const g = importGraph(root, ['main.ts']);
    assert.deepEqual(g.files, ['lazy.ts', 'lib/a.ts', 'lib/b.ts', 'main.ts', 'thread/main.ts']);
    assert.deepEqual(g.packages, ['zod@9.9.9']);
  });

  it('changes when a loaded file or a dependency version changes, not when an unloaded file does', () => {
    const before = measurementOf(root, ['main.ts']);
    write('unrelated/other.ts', 'export const x = 2;\n');
    write('types.ts', 'export type T = string;\n');
    assert.equal(measurementOf(root, ['main.ts']), before);
    write('thread/main.ts', 'export const changed = true;\n');
    const afterThread = measurementOf(root, ['main.ts']);
    assert.notEqual(afterThread, before);
    write('node_modules/zod/package.json', '{"name":"zod","version":"9.9.10"}');
    assert.notEqual(measurementOf(root, ['main.ts']), afterThread);
  });

  it('a module that does not resolve is an error', () => {
    write('lib/b.ts', "import './gone.ts';\n");
    assert.throws(() => importGraph(root, ['main.ts']), /gone\.ts does not exist/);
  });

  it('the real worker graph includes its thread entry points and excludes tests and the coordinator service', () => {
    const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const g = importGraph(repo, WORKER_ENTRY_POINTS);
    assert.ok(g.files.includes('worker/executor/thread/threadMain.ts'));
    assert.ok(g.files.includes('keystore/client/KeystoreSecretsProvider.ts'));
    assert.ok(!g.files.some((f) => f.startsWith('tests/') || f.startsWith('coordinator/service/')));
    assert.match(workerMeasurement(), /^[0-9a-f]{64}$/);
  });
});
