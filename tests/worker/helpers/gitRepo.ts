/**
 * Builds throwaway git repositories in a temp dir for source and compile tests (file:// URLs). Each
 * is removed by its `remove()`, and at the latest when the test process exits.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { scratchDir } from '../../setup/scratchDirs.ts';

export interface TestRepo {
  dir: string;
  url: string;
  git(...args: string[]): string;
  write(file: string, content: string): void;
  symlink(file: string, target: string): void;
  commit(message: string): string;
  remove(): void;
}

export function createTestRepo(): TestRepo {
  const dir = scratchDir('errand-test-repo-');
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.email=test@errand.dev', '-c', 'user.name=errand-test', '-c', 'init.defaultBranch=main', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
    }).trim();
  git('init', '-q');
  return {
    dir,
    url: pathToFileURL(dir).href,
    git,
    write(file, content) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    },
    symlink(file, target) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      symlinkSync(target, path.join(dir, file));
    },
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A scratch dir readable by the sandbox's unprivileged uid (mkdtemp alone makes it 0700). */
export function tempDir(prefix = 'errand-test-'): { dir: string; remove(): void } {
  const dir = scratchDir(prefix);
  chmodSync(dir, 0o755);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
