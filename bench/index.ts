/**
 * `npm run bench -- <name>` runs bench/<name>.ts (each prints its figures and one closing line
 * `bench <name>: key=value ...`). With no name it runs all of them in turn. Flags (and whatever
 * follows a `--`) go to the benchmarks: `npm run bench -- e2e -- --chain solana`,
 * `npm run bench -- coordinator -- --coordinators 3`; a word after a flag is that flag's value,
 * never a benchmark name.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = (await readdir(here)).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
const argv = process.argv.slice(2);
const requested: string[] = [];
const benchArgs: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i]!;
  if (a === '--') continue;
  if (a.startsWith('-')) {
    benchArgs.push(a);
    if (i + 1 < argv.length && !argv[i + 1]!.startsWith('-')) benchArgs.push(argv[++i]!);
  } else {
    requested.push(a);
  }
}
const names = requested.length > 0 ? requested : available.sort();

for (const name of names) {
  if (!available.includes(name)) {
    console.error(`bench: unknown benchmark '${name}'; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { main(args: string[]): Promise<void> };
  await mod.main(benchArgs);
}
