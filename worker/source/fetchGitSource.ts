/**
 * Fetches one commit of a git repository into a fresh directory, shallowly, and leaves a plain
 * tree with no `.git` (the git directory is kept apart and deleted). Submodules are never
 * initialised; hooks never run; the fetch is killed when it outgrows its size limit or its time.
 * The size and file count of the checkout are measured from the commit's tree before checkout
 * writes anything (measureTree), with every content-transforming attribute turned off so that
 * what is measured is what is written; the tree is then checked (symlinks, special files, size)
 * before anyone builds it.
 * Servers that refuse to serve a commit by hash fall back to a full fetch of their refs.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import type { CommitHash } from '../../common/types/index.ts';
import { checkTree, type TreeStats } from './checkTree.ts';
import { dirSize } from './dirSize.ts';
import { measureTree } from './measureTree.ts';
import { assertGitUrl } from './parseGitUrl.ts';
import { fetchFailed, runGit } from './runGit.ts';

export interface FetchGitOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Cap on fetched git objects and on the checked-out tree, in bytes. Default 200 MiB. */
  maxBytes?: number;
  maxFiles?: number;
}

export interface FetchedTree {
  dir: string;
  commit: CommitHash;
  stats: TreeStats;
}

const DEFAULTS = { timeoutMs: 120_000, maxBytes: 200 * 1024 * 1024, maxFiles: 50_000 };
const SIZE_POLL_MS = 200;
/** $GIT_DIR/info/attributes wins over the repository's .gitattributes: checkout writes blobs byte for byte. */
const RAW_CHECKOUT_ATTRIBUTES = '* -text -eol -ident -filter -working-tree-encoding\n';

/** Fetches `commit` (a full hash: pin branches first) of `repo` into `destDir` (created; must not exist). */
export async function fetchGitSource(repo: string, commit: CommitHash, destDir: string, options: FetchGitOptions = {}): Promise<FetchedTree> {
  assertGitUrl(repo);
  const limits = { ...DEFAULTS, ...definedOnly(options) };
  const gitDir = `${destDir}.git`;
  await mkdir(destDir, { recursive: false });
  await mkdir(gitDir, { recursive: false });
  const sizeGuard = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, sizeGuard.signal]) : sizeGuard.signal;
  const deadline = Date.now() + limits.timeoutMs;
  const remaining = (): number => Math.max(1, deadline - Date.now());
  const poll = setInterval(() => {
    void dirSize(gitDir).then((bytes) => {
      if (bytes > limits.maxBytes) sizeGuard.abort(tooLarge(limits.maxBytes));
    });
  }, SIZE_POLL_MS);
  try {
    const git = (args: string[]): Promise<string> => runGit(['--git-dir', gitDir, ...args], { repo, signal, timeoutMs: remaining() });
    await git(['init', '-q', '--bare']);
    try {
      await git(['fetch', '-q', '--no-tags', '--no-recurse-submodules', '--depth', '1', '--', repo, commit]);
    } catch (err) {
      if (!isErrandError(err, 'WORKER__SOURCE_FETCH_FAILED')) throw err;
      // Old servers (protocol v0 without allowReachableSHA1InWant) cannot serve a hash: take everything.
      await git(['fetch', '-q', '--no-tags', '--no-recurse-submodules', '--', repo, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*']);
    }
    await git(['cat-file', '-e', `${commit}^{commit}`]).catch(() => {
      throw fetchFailed(repo, `the repository has no commit ${commit}`);
    });
    await mkdir(path.join(gitDir, 'info'), { recursive: true });
    await writeFile(path.join(gitDir, 'info', 'attributes'), RAW_CHECKOUT_ATTRIBUTES);
    await measureTree(gitDir, commit, { repo, signal, timeoutMs: remaining(), maxBytes: limits.maxBytes, maxFiles: limits.maxFiles });
    await runGit(['--git-dir', gitDir, '--work-tree', destDir, 'checkout', '-q', '--force', commit, '--', '.'], {
      repo,
      signal,
      timeoutMs: remaining(),
    });
    if ((await dirSize(gitDir)) > limits.maxBytes) throw tooLarge(limits.maxBytes);
    const stats = await checkTree(destDir, limits);
    return { dir: path.resolve(destDir), commit, stats };
  } catch (err) {
    await rm(destDir, { recursive: true, force: true });
    throw err;
  } finally {
    clearInterval(poll);
    await rm(gitDir, { recursive: true, force: true });
  }
}

function tooLarge(limitBytes: number): ErrandError {
  return new ErrandError('WORKER__SOURCE_TOO_LARGE', `the repository is larger than ${limitBytes} bytes`, { limitBytes });
}

function definedOnly(options: FetchGitOptions): Partial<typeof DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([k, v]) => k !== 'signal' && v !== undefined)) as Partial<typeof DEFAULTS>;
}
