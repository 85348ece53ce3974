/** What `errand dev` and the test gate learn about the host: by a real run of each tool. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { HOST_TOOLS, missingToolLines, probeHost } from '../../../worker/sandbox/probeHost.ts';
import { requireTools } from '../../setup/requireTools.ts';

const probeDirs = (): string[] => readdirSync(os.tmpdir()).filter((n) => n.startsWith('errand-probe-'));

describe('worker/sandbox: probeHost', function () {
  this.timeout(120_000);

  it('finds every tool working where it is installed, and leaves no scratch directory', async function () {
    await requireTools(this, ['bwrap', 'clang-14', 'rustc']);
    const before = probeDirs();
    const results = await probeHost();
    assert.deepEqual(
      results.map((r) => [r.tool, r.ok, r.detail]),
      [
        ['bwrap', true, ''],
        ['clang-14', true, ''],
        ['rustc', true, ''],
      ],
    );
    assert.deepEqual(
      probeDirs().filter((d) => !before.includes(d)),
      [],
    );
  });

  it('reports a tool it cannot run (not on PATH) with the command that installs it', async () => {
    const results = await probeHost(['bwrap', 'clang-14'], { ...process.env, PATH: '/nonexistent' });
    assert.deepEqual(
      results.map((r) => [r.tool, r.ok]),
      [
        ['bwrap', false],
        ['clang-14', false],
      ],
    );
    // Root starts bwrap through setpriv, as builds do: then setpriv is what PATH cannot find.
    assert.match(results[0]!.detail, /^(bwrap|setpriv): not found$/);
    const lines = missingToolLines(results);
    assert.equal(lines.length, 2);
    assert.equal(
      lines[0],
      `missing ${HOST_TOOLS.bwrap.what} (${results[0]!.detail}): ${HOST_TOOLS.bwrap.without}; install it with: apt-get install bubblewrap`,
    );
    assert.match(lines[1]!, /C requests will fail to compile; install it with: apt-get install clang-14 lld-14 wasi-libc/);
    assert.deepEqual(missingToolLines([{ tool: 'rustc', ok: true, detail: '' }]), []);
  });
});
