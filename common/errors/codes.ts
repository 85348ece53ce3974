/** Every code of every family, with its context type. Each family owns one file in families/. */
import type { CommonErrors } from './families/common.ts';
import type { ExecutorErrors } from './families/executor.ts';
import type { InstrumentErrors } from './families/instrument.ts';
import type { ChainErrors } from './families/chain.ts';
import type { CoordinatorErrors } from './families/coordinator.ts';
import type { WorkerErrors } from './families/worker.ts';
import type { KeystoreErrors } from './families/keystore.ts';
import type { CliErrors } from './families/cli.ts';

export type ErrandErrorContextByCode = CommonErrors &
  ExecutorErrors &
  InstrumentErrors &
  ChainErrors &
  CoordinatorErrors &
  WorkerErrors &
  KeystoreErrors &
  CliErrors;
