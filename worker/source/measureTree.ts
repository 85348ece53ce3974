/**
 * Measures what checking out a commit would write, before anything is written: `git ls-tree -r -t`
 * lists every path of the commit's tree with its object size, so the sum of the blob sizes is the
 * size of the checkout (git reuses one blob for many paths: a 1 MB repository can check out to
 * gigabytes) and the entry count is its file count. The listing is streamed and stopped as soon as
 * a limit is passed. This is exact only when checkout does not transform content: fetchGitSource
 * turns every attribute that could (eol, ident, filters, working-tree-encoding) off first.
 */
import { ErrandError } from '../../common/errors/index.ts';
import type { TreeLimits, TreeStats } from './checkTree.ts';
import { runGit } from './runGit.ts';

export interface MeasureOptions extends TreeLimits {
  repo: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

export async function measureTree(gitDir: string, commit: string, options: MeasureOptions): Promise<TreeStats> {
  const stats: TreeStats = { bytes: 0, files: 0 };
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let partial = '';
  const onLine = (line: string): void => {
    if (line.length === 0 || stop.signal.aborted) return;
    const [type, size] = line.split(' ');
    stats.files += 1;
    if (type === 'blob') stats.bytes += Number(size);
    if (stats.files > options.maxFiles) {
      stop.abort(
        new ErrandError('WORKER__SOURCE_TOO_LARGE', `commit ${commit} has more than ${options.maxFiles} files; nothing was checked out`, {
          limitBytes: options.maxBytes,
          limitFiles: options.maxFiles,
        }),
      );
    } else if (!(stats.bytes <= options.maxBytes)) {
      stop.abort(
        new ErrandError('WORKER__SOURCE_TOO_LARGE', `commit ${commit} checks out to more than ${options.maxBytes} bytes; nothing was checked out`, {
          limitBytes: options.maxBytes,
        }),
      );
    }
  };
  await runGit(['--git-dir', gitDir, 'ls-tree', '-r', '-t', '--full-tree', '--format=%(objecttype) %(objectsize)', commit], {
    repo: options.repo,
    signal,
    timeoutMs: options.timeoutMs,
    onStdout: (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    },
  });
  onLine(partial);
  if (stop.signal.aborted) throw stop.signal.reason;
  return stats;
}
