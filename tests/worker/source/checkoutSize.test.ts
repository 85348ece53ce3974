/**
 * A repository is measured before it is checked out: git stores one blob once however many paths
 * use it, so a tiny repository can check out to gigabytes. The refusal must come before checkout
 * writes anything, and checkout must write exactly what was measured (no attribute expansions).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import type { CommitHash } from '../../../common/types/index.ts';
import { fetchGitSource } from '../../../worker/source/index.ts';
import { createTestRepo, tempDir, type TestRepo } from '../helpers/gitRepo.ts';

const MiB = 1024 * 1024;

/** A commit whose tree names one 1 MiB blob under `paths` paths (a few KB of git objects). */
function amplifyingCommit(repo: TestRepo, paths: number): string {
  // Not zeros: git checkout writes runs of zeros as holes, which take no space.
  writeFileSync(path.join(repo.dir, 'blob'), Buffer.alloc(MiB, 'x'));
  const blob = repo.git('hash-object', '-w', 'blob');
  const args = Array.from({ length: paths }, (_, i) => ['--cacheinfo', `100644,${blob},copy/${i}.bin`]).flat();
  repo.git('update-index', '--add', ...args);
  repo.git('commit', '-q', '-m', `${paths} paths, one blob`);
  return repo.git('rev-parse', 'HEAD');
}

describe('worker/source: the checkout size is bounded before checkout', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let scratch: ReturnType<typeof tempDir>;
  beforeEach(() => {
    repo = createTestRepo();
    scratch = tempDir('errand-checkout-size-');
  });
  afterEach(() => {
    repo.remove();
    scratch.remove();
  });

  it('refuses a 300 MiB checkout of a tiny repository with WORKER__SOURCE_TOO_LARGE before writing it (in a 32 MiB filesystem)', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const hash = amplifyingCommit(repo, 300);
    // The destination is a 32 MiB filesystem: a checkout that starts writing fills it (ENOSPC).
    const disk = path.join(scratch.dir, 'disk');
    mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${32 * MiB}`, 'errand-test', disk]);
    try {
      await assert.rejects(fetchGitSource(repo.url, hash as CommitHash, path.join(disk, 'src'), { maxBytes: 16 * MiB }), (e) => {
        assert.ok(isErrandError(e, 'WORKER__SOURCE_TOO_LARGE'), String(e));
        assert.equal(e.context.limitBytes, 16 * MiB);
        return true;
      });
    } finally {
      execFileSync('umount', ['-l', disk]);
    }
  });

  it('refuses more paths than the file limit before checkout', async () => {
    const hash = amplifyingCommit(repo, 50);
    await assert.rejects(fetchGitSource(repo.url, hash as CommitHash, path.join(scratch.dir, 'src'), { maxFiles: 20 }), (e) => {
      assert.ok(isErrandError(e, 'WORKER__SOURCE_TOO_LARGE'), String(e));
      assert.equal(e.context.limitFiles, 20);
      return true;
    });
  });

  it('checks out blobs byte for byte: the repository cannot grow them with .gitattributes (ident, eol)', async () => {
    const text = '$Id$\n'.repeat(1000);
    repo.write('.gitattributes', '* ident text eol=crlf\n');
    repo.write('main.c', text);
    const hash = repo.commit('expanding attributes');
    const dest = path.join(scratch.dir, 'src');
    const fetched = await fetchGitSource(repo.url, hash as CommitHash, dest);
    assert.equal(readFileSync(path.join(dest, 'main.c'), 'utf8'), text);
    assert.equal(fetched.stats.bytes, text.length + '* ident text eol=crlf\n'.length);
  });
});
