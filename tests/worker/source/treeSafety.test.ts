import assert from 'node:assert/strict';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import type { CommitHash } from '../../../common/types/index.ts';
import { fetchGitSource } from '../../../worker/source/index.ts';
import { createTestRepo, tempDir } from '../helpers/gitRepo.ts';

describe('worker/source: symlinks in a fetched tree', () => {
  const cases: Array<[string, string]> = [
    ['an absolute symlink', '/etc/passwd'],
    ['a relative symlink that climbs out of the tree', '../../../../etc/passwd'],
    ['a nested symlink that climbs out of the tree', '../../outside'],
  ];
  for (const [name, target] of cases) {
    it(`rejects ${name} with WORKER__SOURCE_UNSAFE_PATH before any build`, async () => {
      const repo = createTestRepo();
      const scratch = tempDir();
      try {
        repo.write('main.c', 'int main(void){return 0;}\n');
        repo.symlink('sub/link', target);
        const hash = repo.commit('link');
        const dest = path.join(scratch.dir, 'src');
        await assert.rejects(fetchGitSource(repo.url, hash as CommitHash, dest), (e) => {
          assert.ok(isErrandError(e, 'WORKER__SOURCE_UNSAFE_PATH'), String(e));
          assert.equal(e.context.path, path.join('sub', 'link'));
          return true;
        });
      } finally {
        repo.remove();
        scratch.remove();
      }
    });
  }

  it('resolves the real tree: `sub -> .` plus `esc -> sub/sub/../..` is refused (textually inside, really two levels up)', async () => {
    const repo = createTestRepo();
    const scratch = tempDir();
    try {
      repo.write('main.c', 'int main(void){return 0;}\n');
      repo.symlink('sub', '.');
      repo.symlink('esc', 'sub/sub/../..');
      const hash = repo.commit('escape through a self link');
      await assert.rejects(fetchGitSource(repo.url, hash as CommitHash, path.join(scratch.dir, 'src')), (e) => {
        assert.ok(isErrandError(e, 'WORKER__SOURCE_UNSAFE_PATH'), String(e));
        assert.equal(e.context.path, 'esc');
        assert.match(e.context.reason, /outside the source tree/);
        return true;
      });
    } finally {
      repo.remove();
      scratch.remove();
    }
  });

  it('accepts a symlink that stays inside the tree', async () => {
    const repo = createTestRepo();
    const scratch = tempDir();
    try {
      repo.write('lib/util.h', '#define X 1\n');
      repo.symlink('include/util.h', '../lib/util.h');
      const hash = repo.commit('inner link');
      const fetched = await fetchGitSource(repo.url, hash as CommitHash, path.join(scratch.dir, 'src'));
      assert.equal(fetched.stats.files, 4);
    } finally {
      repo.remove();
      scratch.remove();
    }
  });
});
