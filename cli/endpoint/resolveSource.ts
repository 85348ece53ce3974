/**
 * Turns the SOURCE of `errand request` into what the contract takes. A URL (https://, ssh://,
 * git@host:..., file://) is a git repository as given. A local path works only against a local
 * `errand dev` stack, where workers share this machine's disk: a git work tree becomes a file://
 * URL pinned to its HEAD commit (uncommitted changes are not built, and we say so); any other
 * directory is snapshotted into a fresh git repository in the stack's data dir. On a real network
 * a local path is refused before anything is paid: no worker could read it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import path from 'node:path';
import { ErrandError } from '../../common/errors/index.ts';
import { BUILD_TARGETS, type BuildTarget, type GitSource } from '../../common/types/index.ts';

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|[\w.-]+@[\w.-]+:)/i;

export interface SourceRequest {
  source: string;
  commit?: string;
  target?: string;
}

export interface ResolvedSource {
  source: GitSource;
  /** Said to the user: what was done with a local path. */
  notes: string[];
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' }).trim();
}

function target(t: string | undefined): BuildTarget {
  const value = t ?? 'wasm32-wasip1';
  if (!(BUILD_TARGETS as readonly string[]).includes(value)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `--target must be one of ${BUILD_TARGETS.join(', ')}, got '${value}'`, { field: 'target' });
  }
  return value as BuildTarget;
}

function snapshot(dir: string, dataDir: string): string {
  const root = path.resolve(dataDir, 'sources');
  mkdirSync(root, { recursive: true });
  const copy = mkdtempSync(path.join(root, `${path.basename(dir).replace(/[^\w.-]/g, '_') || 'source'}-`));
  cpSync(dir, copy, { recursive: true, filter: (src) => !/(^|\/)(\.git|node_modules|target)$/.test(src) });
  git(copy, 'init', '-q', '-b', 'main');
  git(copy, 'add', '.');
  git(copy, '-c', 'user.name=errand', '-c', 'user.email=errand@localhost', 'commit', '-qm', `snapshot of ${dir}`);
  return copy;
}

function localSource(given: string, r: SourceRequest, dataDir: string): ResolvedSource {
  const dir = path.resolve(given);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `SOURCE ${given} is neither a URL nor a directory`, { field: 'source' });
  }
  let top: string | undefined;
  try {
    top = git(dir, 'rev-parse', '--show-toplevel');
  } catch {
    top = undefined;
  }
  const notes: string[] = [];
  if (top) {
    const commit = r.commit ?? git(top, 'rev-parse', 'HEAD');
    if (!r.commit && git(top, 'status', '--porcelain') !== '')
      notes.push(`${top} has uncommitted changes: the worker builds commit ${commit.slice(0, 12)}, not your working tree`);
    const sub = path.relative(top, dir);
    return { source: { kind: 'git', repo: `file://${top}`, commit, target: target(r.target), ...(sub ? { path: sub } : {}) }, notes };
  }
  const repo = snapshot(dir, dataDir);
  notes.push(`${dir} is not a git repository: snapshotted into ${repo}`);
  return { source: { kind: 'git', repo: `file://${repo}`, commit: git(repo, 'rev-parse', 'HEAD'), target: target(r.target) }, notes };
}

export function resolveSource(r: SourceRequest, dev: boolean, dataDir: string): ResolvedSource {
  if (URL_LIKE.test(r.source)) {
    if (!dev && r.source.toLowerCase().startsWith('file://')) {
      throw new ErrandError(
        'CLI__LOCAL_SOURCE_ON_NETWORK',
        `file:// sources are for a local errand dev stack only: push ${r.source} to a git host workers can reach`,
        { source: r.source },
      );
    }
    return { source: { kind: 'git', repo: r.source, commit: r.commit ?? 'main', target: target(r.target) }, notes: [] };
  }
  if (!dev) {
    throw new ErrandError(
      'CLI__LOCAL_SOURCE_ON_NETWORK',
      `SOURCE ${r.source} is a local path: workers on a real network cannot read your disk; push it to a git host and give its URL (nothing was paid)`,
      { source: r.source },
    );
  }
  return localSource(r.source, r, dataDir);
}
