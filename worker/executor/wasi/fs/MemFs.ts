/**
 * The in-memory filesystem behind preopened directories: files and directories as JavaScript
 * objects, under one byte cap (content, names and a fixed overhead per node, see FsTree.ts) that
 * the Executor counts toward the run's memory limit. File times come from the run's clock, the
 * deterministic one unless the run opted out, so listings and stat results are the same on every
 * machine. Nothing is ever written to the host.
 */
import type { HostClock } from '../../determinism/HostClock.ts';
import { NODE_OVERHEAD_BYTES, type FsTree } from './FsTree.ts';

export interface Times {
  atim: bigint;
  mtim: bigint;
  ctim: bigint;
}

export class FileNode {
  readonly kind = 'file';
  data = new Uint8Array(0);
  size = 0;
  nlink = 1;
  constructor(
    readonly ino: bigint,
    public times: Times,
  ) {}

  view(): Uint8Array {
    return this.data.subarray(0, this.size);
  }
}

export class DirNode {
  readonly kind = 'dir';
  readonly entries = new Map<string, FsNode>();
  constructor(
    readonly ino: bigint,
    public times: Times,
    public parent: DirNode | undefined,
  ) {}
}

export type FsNode = FileNode | DirNode;

/**
 * Files and directories one filesystem may hold, whatever its byte cap: each is a few hundred
 * bytes of JavaScript heap, and the heap of a run thread is a last resort, not a budget.
 */
export const MAX_FS_NODES = 65_536;

export class MemFs {
  private used = 0;
  private nodes = 0;
  private nextIno = 1n;

  constructor(
    private readonly capBytes: number,
    private readonly clock: HostClock,
  ) {}

  now(): bigint {
    return this.clock.realtimeNs();
  }

  private stamp(): Times {
    const t = this.now();
    return { atim: t, mtim: t, ctim: t };
  }

  /** Takes `bytes` from the cap; false (nothing taken) when it would pass the cap. */
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.capBytes) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get usedBytes(): number {
    return this.used;
  }

  /** A new file or directory in `parent` under `name`; undefined when the cap is reached. */
  create(parent: DirNode, name: string, kind: 'file' | 'dir'): FsNode | undefined {
    if (this.nodes >= MAX_FS_NODES || !this.reserve(NODE_OVERHEAD_BYTES + Buffer.byteLength(name))) return undefined;
    this.nodes++;
    const node = kind === 'file' ? new FileNode(this.nextIno++, this.stamp()) : new DirNode(this.nextIno++, this.stamp(), parent);
    parent.entries.set(name, node);
    this.touch(parent);
    return node;
  }

  /** Removes `name` from `parent` (the caller checked it may); releases what it cost. */
  remove(parent: DirNode, name: string): void {
    const node = parent.entries.get(name);
    if (!node) return;
    parent.entries.delete(name);
    this.release(Buffer.byteLength(name));
    if (node.kind === 'dir' || --node.nlink === 0) {
      this.nodes--;
      this.release(NODE_OVERHEAD_BYTES + (node.kind === 'file' ? node.size : 0));
    }
    this.touch(parent);
  }

  touch(node: FsNode): void {
    const t = this.now();
    node.times = { ...node.times, mtim: t, ctim: t };
  }

  /** Sets a file's size (zero-filled when it grows); false when the cap does not allow it. */
  resize(file: FileNode, size: number): boolean {
    if (size > file.size && !this.reserve(size - file.size)) return false;
    if (size < file.size) this.release(file.size - size);
    if (size > file.data.length) {
      const next = new Uint8Array(Math.max(size, Math.min(file.data.length * 2, size + this.capBytes - this.used)));
      next.set(file.view());
      file.data = next;
    } else if (size < file.size) {
      file.data.fill(0, size, file.size);
    }
    file.size = size;
    this.touch(file);
    return true;
  }

  /** Writes at `offset`, growing the file; false (nothing written) when the cap does not allow it. */
  write(file: FileNode, offset: number, bytes: Uint8Array): boolean {
    const end = offset + bytes.length;
    if (end > file.size && !this.resize(file, end)) return false;
    file.data.set(bytes, offset);
    this.touch(file);
    return true;
  }

  read(file: FileNode, offset: number, max: number): Uint8Array {
    if (offset >= file.size) return new Uint8Array(0);
    return file.data.subarray(offset, Math.min(file.size, offset + max));
  }

  /** A new root directory holding `tree` (charged against the cap; false when it does not fit). */
  mount(tree: FsTree): DirNode | undefined {
    if (!this.reserve(NODE_OVERHEAD_BYTES)) return undefined;
    const root = new DirNode(this.nextIno++, this.stamp(), undefined);
    return this.fill(root, tree) ? root : undefined;
  }

  private fill(dir: DirNode, tree: FsTree): boolean {
    if (tree.type !== 'dir') return false;
    for (const [name, child] of Object.entries(tree.entries)) {
      const node = this.create(dir, name, child.type);
      if (!node) return false;
      if (node.kind === 'file' && child.type === 'file' && !this.write(node, 0, child.data)) return false;
      if (node.kind === 'dir' && !this.fill(node, child)) return false;
    }
    return true;
  }
}
