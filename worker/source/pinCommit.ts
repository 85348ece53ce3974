/**
 * Pins a revision to a commit hash with `git ls-remote`, so that what is built, recorded and cached
 * is immutable. A full commit hash is returned as it is (no network). Branches win over tags of the
 * same name; an annotated tag is pinned to the commit it points at (its peeled `^{}` entry).
 */
import { ErrandError } from '../../common/errors/index.ts';
import { isCommitHash, type CommitHash } from '../../common/types/index.ts';
import { assertGitUrl, assertRefName } from './parseGitUrl.ts';
import { redactUrls } from './redactUrl.ts';
import { runGit } from './runGit.ts';

export interface PinOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export async function pinCommit(repo: string, revision: string, options: PinOptions = {}): Promise<CommitHash> {
  assertGitUrl(repo);
  const lowered = revision.toLowerCase();
  if (isCommitHash(lowered)) return lowered;
  assertRefName(revision);
  const out = await runGit(['ls-remote', '--', repo, revision, `${revision}^{}`], { repo, signal: options.signal, timeoutMs: options.timeoutMs ?? 30_000 });
  const refs = new Map<string, string>();
  for (const line of out.split('\n')) {
    const [hash, name] = line.trim().split(/\s+/);
    if (hash && name) refs.set(name, hash);
  }
  const candidates = revision.startsWith('refs/')
    ? [`${revision}^{}`, revision]
    : [`refs/heads/${revision}`, `refs/tags/${revision}^{}`, `refs/tags/${revision}`, revision];
  for (const name of candidates) {
    const hash = refs.get(name);
    if (hash && isCommitHash(hash)) return hash;
  }
  throw new ErrandError('WORKER__SOURCE_REF_NOT_FOUND', `${redactUrls(repo)} has no branch or tag '${revision}'`, {
    repo: redactUrls(repo),
    ref: revision,
  });
}
