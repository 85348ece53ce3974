/**
 * `npm run bench -- <name>` runs bench/<name>.ts (each prints its figures and one closing line
 * `bench <name>: key=value ...`). With no name it runs all of them in turn. Flags after a `--` go
 * to the benchmark (`npm run bench -- coordinator -- --coordinators 3`).
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = (await readdir(here)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
// `npm run bench -- NAME -- --flag value`: names before a `--`, the benchmark's own flags after it.
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const benchArgs = dash >= 0 ? argv.slice(dash + 1) : [];
const requested = (dash >= 0 ? argv.slice(0, dash) : argv).filter((a) => !a.startsWith('-'));
const names = requested.length > 0 ? requested : available.sort();

for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: unknown benchmark '${name}'; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { main(args?: string[]): Promise<void> };
  await mod.main(benchArgs);
}
