// Runs INSIDE the compile sandbox: turns a JavaScript source and its WIT world into a WebAssembly
// component with componentize-js. Arguments: <source.js> <wit dir> <output.wasm> [world name].
// componentize-js reads the WIT through the preview2 shim's filesystem, whose preopens default to
// nothing in shim >= 0.26; inside the sandbox "/" is the sandbox's own root, so preopening it
// exposes only what the sandbox already shows.
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { componentize } from '@bytecodealliance/componentize-js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

const [sourcePath, witPath, outPath, worldName] = process.argv.slice(2);
if (!sourcePath || !witPath || !outPath) {
  console.error('usage: componentize.mjs <source.js> <wit dir> <output.wasm> [world]');
  process.exit(2);
}
_setPreopens({ '/': '/' });
const { component } = await componentize({
  sourcePath: path.resolve(sourcePath),
  witPath: path.resolve(witPath),
  ...(worldName ? { worldName } : {}),
  // componentize-js gives wizer no environment unless told; wasmtime inside wizer then looks the
  // home directory up in /etc/passwd, which the sandbox does not have.
  env: { HOME: process.env.HOME ?? '/build/home' },
});
await writeFile(outPath, component);
console.log(`componentize-js: wrote ${component.byteLength} bytes to ${outPath}`);
