/**
 * `errand verify`'s flags for rebuilding a module and for requests that used secrets, checked
 * before anything is read from the chain (a bad flag exits 2 at once, not after a scan).
 */
import { ErrandError } from '../../common/errors/index.ts';
import { SANDBOX_BACKENDS, type SandboxBackend } from '../../worker/compile/index.ts';
import type { SecretsMap } from '../../keystore/envelope/index.ts';
import { readSecretsEnv } from './secretsEnv.ts';

export const VERIFY_FLAG_OPTIONS = {
  rebuild: { type: 'boolean', default: false },
  sandbox: { type: 'string', default: 'bwrap' },
  'secrets-env': { type: 'string' },
} as const;

export const VERIFY_FLAGS_USAGE = '[--rebuild] [--sandbox bwrap|docker] [--secrets-env FILE]';

export interface VerifyFlags {
  rebuild: boolean;
  sandbox: SandboxBackend;
  secretsEnv?: SecretsMap;
}

export async function verifyFlags(v: { rebuild?: boolean; sandbox?: string; 'secrets-env'?: string }): Promise<VerifyFlags> {
  const sandbox = v.sandbox ?? 'bwrap';
  if (!(SANDBOX_BACKENDS as readonly string[]).includes(sandbox)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `--sandbox must be ${SANDBOX_BACKENDS.join(' or ')}, got '${sandbox}'`, { field: 'sandbox' });
  }
  const file = v['secrets-env'];
  return {
    rebuild: v.rebuild ?? false,
    sandbox: sandbox as SandboxBackend,
    ...(file !== undefined && { secretsEnv: await readSecretsEnv(file) }),
  };
}
