/** The gate for tests that need host tools: pending with what to install, a failure under CI. */
import assert from 'node:assert/strict';
import { decideTools, requireTools } from './requireTools.ts';

describe('tests/setup: requireTools', () => {
  it('runs when nothing is missing, whatever CI says', () => {
    assert.deepEqual(decideTools([], true), { action: 'run' });
    assert.deepEqual(decideTools([], false), { action: 'run' });
  });

  it('is pending outside CI, naming each missing tool and the package that installs it', () => {
    const d = decideTools(['bwrap', 'clang-14'], false);
    assert.equal(d.action, 'pending');
    assert.match(
      (d as { message: string }).message,
      /^pending: needs bwrap, clang-14 \(apt-get install bubblewrap && apt-get install clang-14 lld-14 wasi-libc/,
    );
  });

  it('fails under CI, naming the package', () => {
    const d = decideTools(['rustc'], true);
    assert.equal(d.action, 'fail');
    assert.match((d as { message: string }).message, /rustc.*apt-get install rustc libstd-rust-dev-wasm32/);
  });

  it('skips the calling suite (mocha Pending) or throws, as decided', async () => {
    let skipped = 0;
    const ctx = {
      skip: () => {
        skipped += 1;
        throw new Error('pending');
      },
    } as unknown as Mocha.Context;
    const works = async (tool: string): Promise<boolean> => tool !== 'bwrap';
    await requireTools(ctx, ['clang-14'], { ci: true, works });
    assert.equal(skipped, 0);
    await assert.rejects(requireTools(ctx, ['bwrap', 'clang-14'], { ci: false, works }), /pending/);
    assert.equal(skipped, 1);
    await assert.rejects(requireTools(ctx, ['bwrap'], { ci: true, works }), /missing tool under CI: this suite needs bwrap \(apt-get install bubblewrap\)/);
    assert.equal(skipped, 1);
  });

  it('probes the real host by a real run (pending where a tool is missing)', async function () {
    this.timeout(120_000);
    await requireTools(this, ['bwrap', 'clang-14', 'rustc']);
  });
});
