/**
 * A directory tree as it travels to a run thread (structured-clone safe): the initial content of
 * a preopened directory. `errand run --dir` builds one from a host directory (a copy: the run
 * never reaches the host disk); the scratch /tmp starts as an empty one.
 */
export type FsTree = { type: 'dir'; entries: Record<string, FsTree> } | { type: 'file'; data: Uint8Array };

export interface Preopen {
  /** Where the guest sees it, e.g. `/tmp` or `/data`. */
  guestPath: string;
  tree: FsTree;
}

/** Bytes every file and directory costs against the filesystem cap besides its content and name. */
export const NODE_OVERHEAD_BYTES = 128;

/** What a tree costs against the filesystem byte cap (content, names, per-node overhead). */
export function treeBytes(tree: FsTree): number {
  if (tree.type === 'file') return NODE_OVERHEAD_BYTES + tree.data.length;
  let n = NODE_OVERHEAD_BYTES;
  for (const [name, child] of Object.entries(tree.entries)) n += Buffer.byteLength(name) + treeBytes(child);
  return n;
}

export const emptyDir = (): FsTree => ({ type: 'dir', entries: {} });
