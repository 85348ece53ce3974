/**
 * The `ed25519` worker's measurement: sha256 over every source file the worker process loads
 * (its import graph from `errand worker`'s entry points, see importGraph.ts) and the name@version
 * of every package those files import. An operator registers it on-chain with the worker key and
 * the keystore allowlists it, so any change to code the worker runs must be re-approved. Without
 * a TEE this identifies a build; it does not prove that the build is what runs (the tdx/sev-snp
 * types do).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importGraph } from './importGraph.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** What `errand worker` starts from: the launcher, the CLI dispatcher and the worker command. */
export const WORKER_ENTRY_POINTS = ['bin/errand.mjs', 'cli/main.ts', 'cli/commands/worker.ts'];

let cached: string | undefined;

export function measurementOf(root: string, entries: string[]): string {
  const graph = importGraph(root, entries);
  const hash = createHash('sha256').update('errand/worker-measurement/v2\0');
  for (const file of graph.files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  for (const pkg of graph.packages) hash.update(pkg).update('\0');
  return hash.digest('hex');
}

export function workerMeasurement(): string {
  cached ??= measurementOf(repoRoot, WORKER_ENTRY_POINTS);
  return cached;
}
