/** Builds a sandbox backend by name; bwrap gets the project's toolchain binds unless told otherwise. */
import { ErrandError } from '../../common/errors/index.ts';
import { BwrapSandbox, type BwrapSandboxOptions } from './BwrapSandbox.ts';
import { DockerSandbox, type DockerSandboxOptions } from './DockerSandbox.ts';
import type { Sandbox } from './Sandbox.ts';
import { defaultToolchainBinds } from './toolchain.ts';

export const SANDBOX_BACKENDS = ['bwrap', 'docker'] as const;
export type SandboxBackend = (typeof SANDBOX_BACKENDS)[number];

export interface CreateSandboxOptions {
  bwrap?: BwrapSandboxOptions;
  docker?: DockerSandboxOptions;
}

export function createSandbox(backend: SandboxBackend, options: CreateSandboxOptions = {}): Sandbox {
  switch (backend) {
    case 'bwrap':
      return new BwrapSandbox({ readOnlyBinds: defaultToolchainBinds(), ...options.bwrap });
    case 'docker':
      return new DockerSandbox(options.docker);
    default:
      throw new ErrandError('COMMON__INVALID_ARGUMENT', `unknown sandbox backend '${String(backend)}' (bwrap or docker)`, { field: 'sandbox' });
  }
}
