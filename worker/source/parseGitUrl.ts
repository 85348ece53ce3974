/**
 * Checks a repository URL and a revision before either reaches a git command line: only the
 * transports a worker should use (https, http, ssh, git, file and scp-like `user@host:path`), no
 * leading dash (option injection), no `ext::` helpers; revisions are full commit hashes or plain
 * ref names.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { redactUrls } from './redactUrl.ts';

const ALLOWED_SCHEMES = new Set(['https:', 'http:', 'ssh:', 'git:', 'file:']);
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\s]+$/;
const REF_NAME = /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/+-]{1,200}$/;

export function assertGitUrl(repo: string): void {
  const bad = (why: string): never => {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `repository URL ${redactUrls(repo)} is not allowed: ${why}`, { field: 'repo' });
  };
  if (repo.length === 0 || repo.length > 2048) bad('empty or too long');
  if (repo.startsWith('-')) bad('it starts with a dash');
  if (/[\s\0]/.test(repo)) bad('it contains whitespace or NUL');
  if (SCP_LIKE.test(repo)) return;
  let parsed: URL;
  try {
    parsed = new URL(repo);
  } catch {
    return bad('not a URL (use https://, ssh://, git@host:path or file://)');
  }
  if (!ALLOWED_SCHEMES.has(parsed.protocol)) bad(`scheme ${parsed.protocol} is not one of https, http, ssh, git, file`);
}

export function assertRefName(ref: string): void {
  if (!REF_NAME.test(ref) || ref.endsWith('.lock') || ref.endsWith('/') || ref.endsWith('.')) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `'${ref.slice(0, 80)}' is not a commit hash or a branch/tag name`, { field: 'commit' });
  }
}
