/**
 * wasi:filesystem/types over the in-memory filesystem (fs/MemFs.ts), the preview 2 side of the
 * scratch /tmp and the preopened copies: Descriptor and DirectoryEntryStream resources. Errors
 * are thrown as the WIT `error-code` string, which jco turns into `err`. Same rules as the
 * preview 1 host (shared fs/pathOps.ts): no absolute paths, no `..` above a descriptor, no
 * symbolic links (symlink-at is `unsupported`). Every method charges HOST_CALL_FUEL, plus
 * HOST_BYTE_FUEL per path byte and per byte moved (instrument/costModel.ts).
 */
import { HOST_BYTE_FUEL, HOST_CALL_FUEL } from '../../instrument/costModel.ts';
import { Errno, type ErrnoValue } from '../errno.ts';
import type { HostMeter } from '../HostMeter.ts';
import type { FileNode, FsNode, MemFs } from '../fs/MemFs.ts';
import { linkNode, openNode, removeDirectory, renameNode, unlinkFile } from '../fs/pathOps.ts';
import { resolvePath, type Resolved } from '../fs/resolvePath.ts';
import { InputStream, IoError, OutputStream } from './streams.ts';

const ERROR_CODES: Partial<Record<ErrnoValue, string>> = {
  [Errno.ACCES]: 'access',
  [Errno.BADF]: 'bad-descriptor',
  [Errno.EXIST]: 'exist',
  [Errno.FBIG]: 'file-too-large',
  [Errno.INVAL]: 'invalid',
  [Errno.ISDIR]: 'is-directory',
  [Errno.NAMETOOLONG]: 'name-too-long',
  [Errno.NOENT]: 'no-entry',
  [Errno.NOSPC]: 'insufficient-space',
  [Errno.NOTDIR]: 'not-directory',
  [Errno.NOTEMPTY]: 'not-empty',
  [Errno.NOTSUP]: 'unsupported',
  [Errno.OVERFLOW]: 'overflow',
  [Errno.PERM]: 'not-permitted',
  [Errno.NOTCAPABLE]: 'not-permitted',
};

/** Throws the WIT error-code for a preview 1 errno (jco maps a thrown non-Error to `err`). */
function fail(errno: ErrnoValue): never {
  throw ERROR_CODES[errno] ?? 'io';
}

function check(errno: ErrnoValue): void {
  if (errno !== Errno.SUCCESS) fail(errno);
}

interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}
type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: Datetime };

const toDatetime = (ns: bigint): Datetime => ({ seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) });
const fromDatetime = (d: Datetime): bigint => d.seconds * 1_000_000_000n + BigInt(d.nanoseconds);
const typeOf = (node: FsNode): string => (node.kind === 'dir' ? 'directory' : 'regular-file');

function stat(node: FsNode): Record<string, unknown> {
  return {
    type: typeOf(node),
    linkCount: node.kind === 'file' ? BigInt(node.nlink) : 1n,
    size: node.kind === 'file' ? BigInt(node.size) : 0n,
    dataAccessTimestamp: toDatetime(node.times.atim),
    dataModificationTimestamp: toDatetime(node.times.mtim),
    statusChangeTimestamp: toDatetime(node.times.ctim),
  };
}

export interface FsContext {
  fs: MemFs;
  meter: HostMeter;
}

export class DirectoryEntryStream {
  private next = 0;
  constructor(
    private readonly entries: { type: string; name: string }[],
    private readonly meter: HostMeter,
  ) {}

  readDirectoryEntry(): { type: string; name: string } | undefined {
    const entry = this.entries[this.next++];
    this.meter.charge(HOST_CALL_FUEL + (entry ? Buffer.byteLength(entry.name) * HOST_BYTE_FUEL : 0));
    return entry;
  }
}

export class Descriptor {
  constructor(
    private readonly ctx: FsContext,
    readonly node: FsNode,
    private readonly access: { read: boolean; write: boolean },
  ) {}

  private charge(bytes = 0): void {
    this.ctx.meter.charge(HOST_CALL_FUEL + bytes * HOST_BYTE_FUEL);
  }

  private resolve(path: string): Resolved {
    this.charge(Buffer.byteLength(path));
    if (this.node.kind !== 'dir') fail(Errno.NOTDIR);
    const r = resolvePath(this.node, path);
    if (typeof r === 'number') fail(r);
    return r;
  }

  private file(write: boolean): FileNode {
    if (this.node.kind === 'dir') fail(Errno.ISDIR);
    if (write ? !this.access.write : !this.access.read) fail(Errno.BADF);
    return this.node;
  }

  readViaStream(offset: bigint): InputStream {
    this.charge();
    const file = this.file(false);
    const fs = this.ctx.fs;
    let pos = Number(offset);
    const source = {
      get remaining(): number {
        return Math.max(0, file.size - pos);
      },
      read(max: number): Uint8Array {
        const bytes = fs.read(file, pos, max);
        pos += bytes.length;
        return bytes;
      },
    };
    return new InputStream(source, this.ctx.meter);
  }

  writeViaStream(offset: bigint): OutputStream {
    this.charge();
    return this.writer(this.file(true), Number(offset), false);
  }

  appendViaStream(): OutputStream {
    this.charge();
    return this.writer(this.file(true), 0, true);
  }

  private writer(file: FileNode, start: number, append: boolean): OutputStream {
    const fs = this.ctx.fs;
    let pos = start;
    const sink = {
      write(bytes: Uint8Array): void {
        if (append) pos = file.size;
        if (!fs.write(file, pos, bytes)) throw { tag: 'last-operation-failed', val: new IoError('insufficient space', 'insufficient-space') };
        pos += bytes.length;
      },
    };
    return new OutputStream(sink, this.ctx.meter);
  }

  advise(): void {
    this.charge();
  }
  syncData(): void {
    this.charge();
  }
  sync(): void {
    this.charge();
  }

  getFlags(): Record<string, boolean> {
    this.charge();
    return { read: this.access.read, write: this.access.write, mutateDirectory: this.node.kind === 'dir' && this.access.write };
  }

  getType(): string {
    this.charge();
    return typeOf(this.node);
  }

  setSize(size: bigint): void {
    this.charge();
    if (!this.ctx.fs.resize(this.file(true), Number(size))) fail(Errno.NOSPC);
  }

  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    this.charge();
    this.applyTimes(this.node, atime, mtime);
  }

  private applyTimes(node: FsNode, atime: NewTimestamp, mtime: NewTimestamp): void {
    const now = this.ctx.fs.now();
    const pick = (t: NewTimestamp, old: bigint): bigint => (t.tag === 'now' ? now : t.tag === 'timestamp' ? fromDatetime(t.val) : old);
    node.times = { ...node.times, atim: pick(atime, node.times.atim), mtim: pick(mtime, node.times.mtim) };
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const file = this.file(false);
    const bytes = this.ctx.fs.read(file, Number(offset), Math.min(Number(length), 1 << 20)).slice();
    this.charge(bytes.length);
    return [bytes, Number(offset) + bytes.length >= file.size];
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    this.charge(buffer.length);
    if (!this.ctx.fs.write(this.file(true), Number(offset), buffer)) fail(Errno.NOSPC);
    return BigInt(buffer.length);
  }

  readDirectory(): DirectoryEntryStream {
    this.charge();
    if (this.node.kind !== 'dir') fail(Errno.NOTDIR);
    const entries = [...this.node.entries].map(([name, node]) => ({ type: typeOf(node), name }));
    return new DirectoryEntryStream(entries, this.ctx.meter);
  }

  stat(): Record<string, unknown> {
    this.charge();
    return stat(this.node);
  }

  statAt(_pathFlags: unknown, path: string): Record<string, unknown> {
    const r = this.resolve(path);
    if (!r.node) fail(Errno.NOENT);
    return stat(r.node);
  }

  setTimesAt(_pathFlags: unknown, path: string, atime: NewTimestamp, mtime: NewTimestamp): void {
    const r = this.resolve(path);
    if (!r.node) fail(Errno.NOENT);
    this.applyTimes(r.node, atime, mtime);
  }

  linkAt(_oldPathFlags: unknown, oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    check(linkNode(this.ctx.fs, this.resolve(oldPath), newDescriptor.resolve(newPath)));
  }

  openAt(_pathFlags: unknown, path: string, openFlags: Record<string, boolean | undefined>, flags: Record<string, boolean | undefined>): Descriptor {
    const r = this.resolve(path);
    const write = flags['write'] === true;
    const node = openNode(this.ctx.fs, r, {
      create: openFlags['create'] === true,
      exclusive: openFlags['exclusive'] === true,
      directory: openFlags['directory'] === true,
      truncate: openFlags['truncate'] === true,
      write,
    });
    if (typeof node === 'number') fail(node);
    return new Descriptor(this.ctx, node, { read: flags['read'] === true || node.kind === 'dir', write: write || (node.kind === 'dir' && this.access.write) });
  }

  readlinkAt(path: string): string {
    const r = this.resolve(path);
    return fail(r.node ? Errno.INVAL : Errno.NOENT);
  }

  createDirectoryAt(path: string): void {
    const r = this.resolve(path);
    if (r.node) fail(Errno.EXIST);
    if (!this.ctx.fs.create(r.parent, r.name, 'dir')) fail(Errno.NOSPC);
  }

  removeDirectoryAt(path: string): void {
    check(removeDirectory(this.ctx.fs, this.resolve(path)));
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    check(renameNode(this.ctx.fs, this.resolve(oldPath), newDescriptor.resolve(newPath)));
  }

  symlinkAt(_oldPath: string, newPath: string): void {
    this.resolve(newPath);
    fail(Errno.NOTSUP);
  }

  unlinkFileAt(path: string): void {
    check(unlinkFile(this.ctx.fs, this.resolve(path)));
  }

  isSameObject(other: Descriptor): boolean {
    this.charge();
    return other.node === this.node;
  }

  metadataHash(): { lower: bigint; upper: bigint } {
    this.charge();
    return { lower: this.node.ino, upper: 0n };
  }

  metadataHashAt(_pathFlags: unknown, path: string): { lower: bigint; upper: bigint } {
    const r = this.resolve(path);
    if (!r.node) fail(Errno.NOENT);
    return { lower: r.node.ino, upper: 0n };
  }
}

/** `filesystem-error-code`: the code of a stream error raised by a file stream, else none. */
export function filesystemErrorCode(err: IoError): string | undefined {
  return err instanceof IoError ? err.fsCode : undefined;
}
