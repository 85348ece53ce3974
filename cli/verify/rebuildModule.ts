/**
 * Rebuilds a request's module on this machine the way a worker compiles it (compileSource in the
 * OS sandbox, no network inside it, the worker's default build limits, then validation and
 * sha256), for `errand verify` when the coordinator's cache no longer has the module or when asked
 * to check that the build reproduces. Progress goes to stderr; on a failed build the end of the
 * build log does too.
 *
 * Which commit: the chain's, when the request named a commit hash; else the commit the worker
 * pinned the branch to (the coordinator's record: a claim, which the module hash check then tests);
 * else the branch is pinned now, which may not be what the worker built (said on stderr).
 */
import os from 'node:os';
import { isErrandError } from '../../common/errors/index.ts';
import { isCommitHash, type ExecutionSource } from '../../common/types/index.ts';
import { compileSource, createSandbox, type CompileResult, type SandboxBackend } from '../../worker/compile/index.ts';
import { ProgressDisplay } from '../../worker/compile/ProgressDisplay.ts';
import { redactUrls } from '../../worker/source/redactUrl.ts';

/** A verifier waits as long as `errand build` does. */
const REBUILD_TIMEOUT_MS = 10 * 60_000;

export interface RebuildOptions {
  sandbox: SandboxBackend;
  /** The commit the coordinator says the worker pinned a branch to (null: none known). */
  pinnedCommit: string | null;
  signal?: AbortSignal;
  stderr?: NodeJS.WriteStream;
}

function atCommit(source: ExecutionSource, pinnedCommit: string | null, say: (line: string) => void): ExecutionSource {
  if (source.kind !== 'git' || isCommitHash(source.commit.toLowerCase())) return source;
  if (pinnedCommit && isCommitHash(pinnedCommit)) {
    say(`'${source.commit}' was pinned by the worker to ${pinnedCommit}`);
    return { ...source, commit: pinnedCommit };
  }
  say(`no pinned commit is known for '${source.commit}': building its current head, which may not be what the worker built`);
  return source;
}

export async function rebuildModule(source: ExecutionSource, options: RebuildOptions): Promise<CompileResult> {
  const stderr = options.stderr ?? process.stderr;
  const say = (line: string): void => void stderr.write(`errand verify: ${line}\n`);
  const pinned = atCommit(source, options.pinnedCommit, say);
  const where = pinned.kind === 'git' ? `${redactUrls(pinned.repo)} at ${pinned.commit}${pinned.path ? ` (${pinned.path})` : ''}` : redactUrls(pinned.url);
  say(`rebuilding the module from ${where} in the ${options.sandbox} sandbox`);
  const progress = new ProgressDisplay(stderr, 'errand verify: rebuild');
  try {
    const built = await compileSource(pinned, {
      sandbox: createSandbox(options.sandbox),
      workDir: os.tmpdir(),
      timeoutMs: REBUILD_TIMEOUT_MS,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (phase) => progress.update(phase),
    });
    progress.stop();
    say(`rebuilt module ${built.sha256} in ${(built.buildMs / 1000).toFixed(1)}s`);
    return built;
  } catch (err) {
    progress.stop();
    if (isErrandError(err) && 'logTail' in err.context && typeof err.context.logTail === 'string') {
      stderr.write(`--- build log (end) ---\n${err.context.logTail.trimEnd()}\n---\n`);
    }
    throw err;
  }
}
