/**
 * Finds the secrets entry a request names, reading the chain (never the worker). The entry applies
 * to the request's git source repo: an entry for the branch the request names (when its revision
 * is a branch or tag rather than a commit hash) wins, else the repo-wide entry (branch null). A
 * request pinned to a commit hash can only use a repo-wide entry — the keystore cannot tell which
 * branch a commit belongs to. The entry found is checked field by field against what was asked.
 */
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import type { ChainReader, ChainRequestView, SecretsKey, StoredSecretsEntry } from '../../common/ports/index.ts';
import { isCommitHash } from '../../common/types/index.ts';

async function read(reader: ChainReader, contractId: string, key: SecretsKey, signal?: AbortSignal): Promise<StoredSecretsEntry | null> {
  try {
    return await reader.getSecrets(contractId, key, signal);
  } catch (e) {
    throw new ErrandError(
      'KEYSTORE__CHAIN_READ_FAILED',
      `secrets entry read failed (${isErrandError(e) ? e.code : 'error'})`,
      {
        operation: 'getSecrets',
      },
      { cause: e },
    );
  }
}

export async function findSecretsEntry(reader: ChainReader, request: ChainRequestView, signal?: AbortSignal): Promise<StoredSecretsEntry> {
  const ref = request.secretsRef;
  if (!ref) throw new ErrandError('KEYSTORE__SECRETS_NOT_FOUND', 'the request names no secrets', {});
  if (request.source.kind !== 'git') {
    throw new ErrandError('KEYSTORE__ACCESS_DENIED', 'secrets are scoped to a git repository; this request runs a prebuilt module', {
      reason: 'source_not_git',
      account: request.senderId,
    });
  }
  const repo = request.source.repo;
  const branches: Array<string | null> = isCommitHash(request.source.commit) ? [null] : [request.source.commit, null];
  for (const branch of branches) {
    const key: SecretsKey = { owner: ref.owner, repo, branch, profile: ref.profile };
    const entry = await read(reader, request.contractId, key, signal);
    if (!entry) continue;
    if (entry.owner !== ref.owner || entry.repo !== repo || entry.profile !== ref.profile || entry.branch !== branch) {
      throw new ErrandError('KEYSTORE__SECRETS_NOT_FOUND', 'the chain returned a secrets entry other than the one requested', {
        owner: ref.owner,
        repo,
        profile: ref.profile,
      });
    }
    return entry;
  }
  throw new ErrandError('KEYSTORE__SECRETS_NOT_FOUND', 'no secrets entry for the request', { owner: ref.owner, repo, profile: ref.profile });
}
