/**
 * The worker's measurement: a sha256 over the source of the code that handles secrets and results
 * (worker/ and keystore/client/), in a fixed order. An operator registers it on-chain with the
 * worker key, and the keystore allowlists it, so a changed worker build must be re-approved.
 * Without a TEE this identifies a build; it does not prove that the build is what runs.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MEASURED_DIRS = ['worker', 'keystore/client', 'keystore/envelope'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

let cached: string | undefined;

export function workerMeasurement(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  const files = MEASURED_DIRS.flatMap((d) => sourceFiles(path.join(repoRoot, d))).sort();
  for (const file of files) {
    hash.update(path.relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  cached = hash.digest('hex');
  return cached;
}
