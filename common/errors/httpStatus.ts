/** The one table from error code to HTTP status, assembled from each family's entries. */
import type { ErrandErrorCode } from './ErrandError.ts';
import { commonHttpStatus } from './families/common.ts';
import { executorHttpStatus } from './families/executor.ts';
import { instrumentHttpStatus } from './families/instrument.ts';
import { chainHttpStatus } from './families/chain.ts';
import { coordinatorHttpStatus } from './families/coordinator.ts';
import { workerHttpStatus } from './families/worker.ts';
import { keystoreHttpStatus } from './families/keystore.ts';
import { cliHttpStatus } from './families/cli.ts';

const table: Record<ErrandErrorCode, number> = {
  ...commonHttpStatus,
  ...executorHttpStatus,
  ...instrumentHttpStatus,
  ...chainHttpStatus,
  ...coordinatorHttpStatus,
  ...workerHttpStatus,
  ...keystoreHttpStatus,
  ...cliHttpStatus,
};

export function httpStatusFor(code: ErrandErrorCode): number {
  return table[code] ?? 500;
}

/** True when `code` is in the registry: how a client checks a code a server sent before using it as ours. */
export function isErrandErrorCode(code: unknown): code is ErrandErrorCode {
  return typeof code === 'string' && Object.hasOwn(table, code);
}
