/** What every preview 1 host call works on: guest memory, the descriptor table and the run's I/O. */
import type { GuestIo } from '../GuestIo.ts';
import type { FdTable } from './FdTable.ts';
import type { GuestMemory } from './GuestMemory.ts';

export interface Preview1Context {
  mem: GuestMemory;
  fds: FdTable;
  io: GuestIo;
}
