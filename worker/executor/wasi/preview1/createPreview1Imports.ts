/**
 * The complete `wasi_snapshot_preview1` import object for one run: every function of the
 * snapshot, none of them trapping on bad input. A pointer outside linear memory answers FAULT;
 * proc_exit unwinds with ProcExit. The memory is supplied after instantiation (the guest
 * exports it), hence the `setMemory` hook.
 */
import type { GuestIo } from '../GuestIo.ts';
import { HOST_CALL_FUEL } from '../../instrument/costModel.ts';
import { Errno } from '../errno.ts';
import { FdTable, isStdio } from './FdTable.ts';
import { errandHttpCalls, faultCode } from './errandHttpCalls.ts';
import { fileCalls } from './fileCalls.ts';
import { GuestFault, GuestMemory, TooManyIovecs } from './GuestMemory.ts';
import { noSocketCalls } from './noSocketCalls.ts';
import { pathCalls } from './pathCalls.ts';
import { pollOneoff } from './pollOneoff.ts';
import { processCalls } from './processCalls.ts';
import { stdioCalls } from './stdioCalls.ts';

export const PREVIEW1_MODULE = 'wasi_snapshot_preview1';

export interface Preview1Imports {
  imports: Record<string, (...args: never[]) => unknown>;
  /** The `errand_http` import module (errandHttpCalls.ts), metered the same way. */
  httpImports: Record<string, (...args: never[]) => unknown>;
  setMemory(memory: WebAssembly.Memory): void;
}

export function createPreview1Imports(io: GuestIo): Preview1Imports {
  let memory: WebAssembly.Memory | undefined;
  const mem = new GuestMemory(() => {
    if (!memory) throw new GuestFault('the module exports no memory');
    return memory;
  });
  const fds = new FdTable(io.fs.preopens);
  const ctx = { mem, fds, io };
  const stdio = stdioCalls(ctx);
  const files = fileCalls(ctx, io.fs.memfs);
  // Descriptor calls go to the stdio or the file implementation by the descriptor's kind.
  const byFd: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, onFile] of Object.entries(files)) {
    const onStdio = stdio[name]!;
    byFd[name] = (fd: number, ...rest: never[]) => {
      const entry = fds.get(fd);
      return entry && !isStdio(entry) ? onFile(fd as never, ...rest) : onStdio(fd as never, ...rest);
    };
  }
  const raw: Record<string, (...args: never[]) => unknown> = {
    ...stdio,
    ...byFd,
    ...processCalls(ctx),
    ...pathCalls(ctx, io.fs.memfs),
    ...noSocketCalls(fds),
    poll_oneoff: pollOneoff(ctx),
  };
  const imports: Record<string, (...args: never[]) => unknown> = {};
  const meter = io.meter;
  for (const [name, fn] of Object.entries(raw)) {
    imports[name] = (...args: never[]) => {
      // Every call pays its fixed price first; calls that move bytes add theirs inside.
      meter.charge(HOST_CALL_FUEL);
      try {
        return fn(...args);
      } catch (e) {
        if (e instanceof GuestFault) return Errno.FAULT;
        if (e instanceof TooManyIovecs) return Errno.INVAL;
        throw e;
      }
    };
  }
  const httpImports: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, fn] of Object.entries(errandHttpCalls(ctx))) {
    httpImports[name] = (...args: never[]) => {
      meter.charge(HOST_CALL_FUEL);
      try {
        return fn(...args);
      } catch (e) {
        const code = faultCode(e);
        if (code !== undefined) return code;
        throw e;
      }
    };
  }
  return { imports, httpImports, setMemory: (m) => (memory = m) };
}

/** Every function of wasi_snapshot_preview1, for the link-time import check. */
export const PREVIEW1_FUNCTIONS: ReadonlySet<string> = new Set([
  'args_get',
  'args_sizes_get',
  'environ_get',
  'environ_sizes_get',
  'clock_res_get',
  'clock_time_get',
  'fd_advise',
  'fd_allocate',
  'fd_close',
  'fd_datasync',
  'fd_fdstat_get',
  'fd_fdstat_set_flags',
  'fd_fdstat_set_rights',
  'fd_filestat_get',
  'fd_filestat_set_size',
  'fd_filestat_set_times',
  'fd_pread',
  'fd_prestat_get',
  'fd_prestat_dir_name',
  'fd_pwrite',
  'fd_read',
  'fd_readdir',
  'fd_renumber',
  'fd_seek',
  'fd_sync',
  'fd_tell',
  'fd_write',
  'path_create_directory',
  'path_filestat_get',
  'path_filestat_set_times',
  'path_link',
  'path_open',
  'path_readlink',
  'path_remove_directory',
  'path_rename',
  'path_symlink',
  'path_unlink_file',
  'poll_oneoff',
  'proc_exit',
  'proc_raise',
  'sched_yield',
  'random_get',
  'sock_accept',
  'sock_recv',
  'sock_send',
  'sock_shutdown',
]);
