/**
 * Host directories the bwrap backend binds read-only at /toolchain: the project's node_modules
 * (asc, the WASI shim, componentize-js, jco) and the compile drivers. The Docker image carries the
 * same paths (docker/compiler.Dockerfile), so build scripts are identical on both backends.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SANDBOX_PATHS } from './Sandbox.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function defaultToolchainBinds(root = repoRoot): Array<{ host: string; sandbox: string }> {
  return [
    { host: path.join(root, 'node_modules'), sandbox: `${SANDBOX_PATHS.toolchain}/node_modules` },
    { host: path.join(root, 'worker', 'compile', 'drivers'), sandbox: `${SANDBOX_PATHS.toolchain}/drivers` },
  ];
}
