/**
 * The body of an npm-compilers build thread (NpmCompilersModuleBuilder.ts): AssemblyScript's
 * compiler API (`asc.main`) on one checked-out tree, in a worker thread with a heap cap. It starts
 * no process and opens no socket: asc reads and writes only through the hooks below, which refuse
 * any path outside the checkout and the compiler's own node_modules. For wasm32-wasip2 the P1
 * module is then adapted into a command component by jco's wasm-tools API (the same adapter as the
 * sandbox's `jco new --wasi-command`), in this thread too. Development mode only.
 */
import { realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import asc from 'assemblyscript/asc';
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';

const { programDir, nodeModules, entry, config, optimize, outFile, adaptToComponent } = workerData;
const roots = [realpathSync(programDir), realpathSync(nodeModules), path.dirname(outFile)];

function inside(file, baseDir) {
  const abs = path.resolve(baseDir, file);
  let real;
  try {
    real = realpathSync(abs);
  } catch {
    real = path.join(realpathSync(path.dirname(abs)), path.basename(abs));
  }
  if (!roots.some((root) => real === root || real.startsWith(root + path.sep))) throw new Error(`errand: ${file} is outside the checkout`);
  return real;
}

let log = '';
const stream = { write: (chunk) => void (log += String(chunk)) };
const args = [entry, '--config', config, ...optimize, '--outFile', outFile, '--baseDir', programDir];
log += `errand: asc ${args.join(' ')} (npm compilers, in-process)\n`;
const { error } = await asc.main(args, {
  stdout: stream,
  stderr: stream,
  readFile: async (file, baseDir) => readFile(inside(file, baseDir), 'utf8').catch(() => null),
  listFiles: async (dir, baseDir) =>
    readdir(inside(dir, baseDir)).then(
      (names) => names.filter((n) => n.endsWith('.ts')),
      () => null,
    ),
  writeFile: async (file, contents, baseDir) => {
    const abs = path.resolve(baseDir, file);
    if (abs !== outFile) return; // Only the module leaves the compiler: no .wat, no source map.
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, contents);
  },
});
if (error) {
  parentPort.postMessage({ ok: false, log: `${log}${error.message}\n` });
} else if (adaptToComponent) {
  log += 'errand: jco new --wasi-command (P1 module -> wasm32-wasip2 component, in-process)\n';
  try {
    const p1 = await readFile(outFile);
    const adapter = await readFile(preview1AdapterCommandPath());
    await writeFile(outFile, await componentNew(p1, [['wasi_snapshot_preview1', adapter]]));
    parentPort.postMessage({ ok: true, log });
  } catch (e) {
    parentPort.postMessage({ ok: false, log: `${log}errand: adapting to a component failed: ${e instanceof Error ? e.message : String(e)}\n` });
  }
} else {
  parentPort.postMessage({ ok: true, log });
}
