import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import type { CommitHash } from '../../../common/types/index.ts';
import { fetchGitSource, pinCommit } from '../../../worker/source/index.ts';
import { createTestRepo, tempDir, type TestRepo } from '../helpers/gitRepo.ts';

describe('worker/source: git', () => {
  let repo: TestRepo;
  let first: string;
  let second: string;
  let scratch: ReturnType<typeof tempDir>;

  before(() => {
    repo = createTestRepo();
    repo.write('main.c', 'int main(void){return 1;}\n');
    first = repo.commit('first');
    repo.git('tag', 'v1');
    repo.git('tag', '-a', 'v1-annotated', '-m', 'annotated');
    repo.write('main.c', 'int main(void){return 2;}\n');
    second = repo.commit('second');
    repo.git('branch', 'feature', first);
  });
  after(() => repo.remove());
  beforeEach(() => (scratch = tempDir()));
  afterEach(() => scratch.remove());

  it('pins a branch to its commit hash', async () => {
    assert.equal(await pinCommit(repo.url, 'main'), second);
    assert.equal(await pinCommit(repo.url, 'feature'), first);
    assert.equal(await pinCommit(repo.url, 'HEAD'), second);
  });

  it('pins lightweight and annotated tags to the commit they name', async () => {
    assert.equal(await pinCommit(repo.url, 'v1'), first);
    assert.equal(await pinCommit(repo.url, 'v1-annotated'), first);
  });

  it('returns a full hash as it is, lower-cased, without asking the remote', async () => {
    assert.equal(await pinCommit('file:///nonexistent/repo', second.toUpperCase()), second);
  });

  it('rejects an unknown branch with WORKER__SOURCE_REF_NOT_FOUND', async () => {
    await assert.rejects(pinCommit(repo.url, 'no-such-branch'), (e) => isErrandError(e, 'WORKER__SOURCE_REF_NOT_FOUND'));
  });

  it('rejects option-looking URLs and revisions before running git', async () => {
    await assert.rejects(pinCommit('--upload-pack=touch /tmp/x', 'main'), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
    await assert.rejects(pinCommit('ext::sh -c touch% /tmp/pwned', 'main'), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
    await assert.rejects(pinCommit(repo.url, '--all'), (e) => isErrandError(e, 'COMMON__INVALID_ARGUMENT'));
  });

  it('fetches exactly the pinned commit into a plain tree without .git', async () => {
    const dest = path.join(scratch.dir, 'src');
    const fetched = await fetchGitSource(repo.url, first as CommitHash, dest);
    assert.equal(fetched.commit, first);
    assert.equal(readFileSync(path.join(dest, 'main.c'), 'utf8'), 'int main(void){return 1;}\n');
    assert.deepEqual(readdirSync(dest), ['main.c']);
    assert.equal(existsSync(`${dest}.git`), false, 'the separate git dir is deleted');
  });

  it('fails with WORKER__SOURCE_FETCH_FAILED for a commit the repository does not have', async () => {
    const missing = 'a'.repeat(40) as CommitHash;
    await assert.rejects(fetchGitSource(repo.url, missing, path.join(scratch.dir, 'src')), (e) => isErrandError(e, 'WORKER__SOURCE_FETCH_FAILED'));
    assert.equal(existsSync(path.join(scratch.dir, 'src')), false, 'a failed fetch leaves nothing behind');
  });

  it('stops a fetch that outgrows its size limit with WORKER__SOURCE_TOO_LARGE', async () => {
    const big = createTestRepo();
    try {
      // Incompressible content, so the pack is really this large.
      big.write('blob.bin', Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 2654435761) >>> 24)).toString('base64'));
      const hash = big.commit('big');
      await assert.rejects(fetchGitSource(big.url, hash as CommitHash, path.join(scratch.dir, 'src'), { maxBytes: 50_000 }), (e) =>
        isErrandError(e, 'WORKER__SOURCE_TOO_LARGE'),
      );
    } finally {
      big.remove();
    }
  });

  it('never initialises submodules (a gitlink stays an empty directory)', async () => {
    const withSub = createTestRepo();
    try {
      withSub.write('.gitmodules', '[submodule "evil"]\n\tpath = evil\n\turl = ../../../../etc\n');
      withSub.write('main.c', 'int main(void){return 0;}\n');
      withSub.git('add', '-A');
      withSub.git('update-index', '--add', '--cacheinfo', `160000,${first},evil`);
      withSub.git('commit', '-q', '-m', 'submodule');
      const hash = withSub.git('rev-parse', 'HEAD');
      const dest = path.join(scratch.dir, 'src');
      await fetchGitSource(withSub.url, hash as CommitHash, dest);
      assert.deepEqual(readdirSync(path.join(dest, 'evil')), []);
    } finally {
      withSub.remove();
    }
  });

  it('times out with COMMON__TIMEOUT and honours an aborted signal', async () => {
    await assert.rejects(fetchGitSource(repo.url, second as CommitHash, path.join(scratch.dir, 'a'), { timeoutMs: 1 }), (e) =>
      isErrandError(e, 'COMMON__TIMEOUT'),
    );
    await assert.rejects(fetchGitSource(repo.url, second as CommitHash, path.join(scratch.dir, 'b'), { signal: AbortSignal.abort() }), (e) =>
      isErrandError(e, 'COMMON__ABORTED'),
    );
  });
});
