/** Messages between the Executor and a preparation thread (structured-clone safe: Modules travel). */
import type { Prepared } from './Prepared.ts';

export interface PrepareJob {
  id: number;
  kind: 'module' | 'component';
  bytes: Uint8Array;
  memoryMb: number;
  metered: boolean;
  /** Cache key of the prepared result (components: also the glue's key inside run threads). */
  key: string;
}

export interface PrepareReply {
  id: number;
  prepared: Prepared;
}
