/**
 * Walks a checked-out tree before anything builds it: every symlink must stay inside the tree
 * (relative, and its real path, with every link on the way resolved, below the root: see
 * resolveInsideTree; absolute and dangling links are rejected), special files (fifos, sockets,
 * devices) are rejected, and the total size and file count are capped. This is what stops a
 * repository from pointing a build at the host's files through a link; it does not inspect content.
 */
import { lstat, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import { resolveInsideTree, unsafePath } from './resolveInsideTree.ts';

export interface TreeLimits {
  maxBytes: number;
  maxFiles: number;
}

export interface TreeStats {
  bytes: number;
  files: number;
}

export async function checkTree(root: string, limits: TreeLimits): Promise<TreeStats> {
  const stats: TreeStats = { bytes: 0, files: 0 };
  const absRoot = path.resolve(root);
  await walk(absRoot, absRoot, limits, stats);
  return stats;
}

async function walk(root: string, dir: string, limits: TreeLimits, stats: TreeStats): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(root, full);
    stats.files += 1;
    if (stats.files > limits.maxFiles) {
      throw new ErrandError('WORKER__SOURCE_TOO_LARGE', `the source has more than ${limits.maxFiles} files`, {
        limitBytes: limits.maxBytes,
        limitFiles: limits.maxFiles,
      });
    }
    if (entry.isSymbolicLink()) {
      await checkLink(root, full, rel, await readlink(full));
    } else if (entry.isDirectory()) {
      await walk(root, full, limits, stats);
    } else if (entry.isFile()) {
      stats.bytes += (await lstat(full)).size;
      if (stats.bytes > limits.maxBytes) {
        throw new ErrandError('WORKER__SOURCE_TOO_LARGE', `the source is larger than ${limits.maxBytes} bytes`, {
          limitBytes: limits.maxBytes,
        });
      }
    } else {
      throw unsafePath(rel, 'special files (fifo, socket, device) are not allowed in a source tree');
    }
  }
}

async function checkLink(root: string, full: string, rel: string, target: string): Promise<void> {
  if (path.isAbsolute(target)) throw unsafePath(rel, `symlink to an absolute path (${target})`);
  const resolved = path.resolve(path.dirname(full), target);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) {
    throw unsafePath(rel, `symlink points outside the source tree (${target})`);
  }
  // The text stays inside; the kernel's resolution (through other links) must too.
  await resolveInsideTree(root, full).catch((err: unknown) => {
    throw isErrandError(err, 'WORKER__SOURCE_UNSAFE_PATH') ? unsafePath(rel, `symlink to ${target}: ${err.context.reason}`) : err;
  });
}
