/** Public API of the coordinator. */
export { startCoordinator, type CoordinatorDeps, type RunningCoordinator } from './startCoordinator.ts';
export { loadCoordinatorConfig, parseCoordinatorConfig, coordinatorConfigSchema, type CoordinatorConfig, type CoordinatorConfigInput } from './config.ts';
export { CoordinatorClient, type CoordinatorClientOptions } from './client/CoordinatorClient.ts';
export type * from './api/index.ts';
export { CoordinatorService } from './service/CoordinatorService.ts';
export { WatcherRunner } from './watcher/WatcherRunner.ts';
export { FailureResolver, failureResponse } from './watcher/FailureResolver.ts';
export { FakeChainWatcher } from './testing/FakeChainWatcher.ts';
export { requestSourceKey } from './ledger/sourceKey.ts';
export type { Db } from './db/Db.ts';
export { openDb } from './db/openDb.ts';
export { migrate } from './db/migrate.ts';
export type { BlobStore } from './cache/BlobStore.ts';
export { FileBlobStore } from './cache/FileBlobStore.ts';
export { PgBlobStore } from './cache/PgBlobStore.ts';
