/**
 * The worker reaches the coordinator and the keystore only through their APIs and clients
 * (issue 13): the lint rule in eslint.config.js refuses a direct import of their internals, and the
 * worker's whole import graph, followed file by file, never reaches them through another module.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What no worker module may load, directly or through another module. */
const FORBIDDEN = [/^coordinator\/(?!api\/|client\/)/, /^keystore\/index\.ts$/, /^keystore\/service\//, /^keystore\/config\.ts$/, /^keystore\/crypto\//];

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative imports and re-exports of a file (static `from '...'` and dynamic `import('...')`). */
function relativeImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
}

describe('import boundaries', function () {
  this.timeout(120_000);

  it("the worker's import graph reaches no coordinator internals, keystore service, configuration or master secret", () => {
    const seen = new Map<string, string>(); // file -> the file that imported it
    const queue = tsFiles('worker');
    for (const f of queue) seen.set(f, '(worker)');
    while (queue.length > 0) {
      const file = queue.pop()!;
      for (const dep of relativeImports(file)) {
        if (!dep.endsWith('.ts') || seen.has(dep)) continue;
        seen.set(dep, file);
        queue.push(dep);
      }
    }
    const bad = [...seen].filter(([f]) => FORBIDDEN.some((re) => re.test(f))).map(([f, by]) => `${f} (imported by ${by})`);
    assert.deepEqual(bad, []);
    assert.ok(seen.has('coordinator/api/index.ts') && seen.has('keystore/client/index.ts'), 'the graph was followed into the clients');
  });

  describe('the lint rule', () => {
    // The probes are text for files that do not exist: parsed without type information (the
    // project service knows only real files), so only the import rules are under test here.
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfig: {
        files: ['**/*.ts'],
        languageOptions: { parserOptions: { projectService: false } },
        rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
      },
    });
    async function restricted(filePath: string, spec: string): Promise<boolean> {
      const [result] = await eslint.lintText(`export * from '${spec}';\n`, { filePath: join(ROOT, filePath) });
      return result!.messages.some((m) => m.ruleId === 'no-restricted-imports');
    }

    it('refuses coordinator internals and the keystore service in worker/', async () => {
      for (const spec of [
        '../../coordinator/jobs/Claim.ts',
        '../../coordinator/ledger/RequestRecord.ts',
        '../../coordinator/index.ts',
        '../../keystore/index.ts',
        '../../keystore/service/index.ts',
        '../../keystore/config.ts',
        '../../keystore/crypto/masterSecret.ts',
      ]) {
        assert.equal(await restricted('worker/loop/probe.ts', spec), true, spec);
      }
      assert.equal(await restricted('worker/probe.ts', '../keystore/index.ts'), true);
    });

    it('allows the APIs and clients in worker/', async () => {
      for (const spec of [
        '../../coordinator/api/index.ts',
        '../../coordinator/client/CoordinatorClient.ts',
        '../../keystore/client/index.ts',
        '../../keystore/api/index.ts',
        '../../keystore/envelope/index.ts',
        '../../common/errors/index.ts',
      ]) {
        assert.equal(await restricted('worker/loop/probe.ts', spec), false, spec);
      }
    });

    it('keeps coordinator/client on coordinator/api and common/, and the APIs off internals', async () => {
      assert.equal(await restricted('coordinator/client/probe.ts', '../jobs/Claim.ts'), true);
      assert.equal(await restricted('coordinator/client/probe.ts', '../../keystore/index.ts'), true);
      assert.equal(await restricted('coordinator/client/probe.ts', '../api/index.ts'), false);
      assert.equal(await restricted('coordinator/client/probe.ts', '../../common/errors/index.ts'), false);
      assert.equal(await restricted('coordinator/api/probe.ts', '../ledger/RequestRecord.ts'), true);
      assert.equal(await restricted('coordinator/api/probe.ts', '../../keystore/service/index.ts'), true);
      assert.equal(await restricted('coordinator/api/probe.ts', '../../keystore/api/index.ts'), false);
      assert.equal(await restricted('keystore/api/probe.ts', '../service/index.ts'), true);
      assert.equal(await restricted('keystore/api/probe.ts', '../../common/types/index.ts'), false);
    });
  });
});
