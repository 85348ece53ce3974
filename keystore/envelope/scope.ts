/**
 * A keystore scope — (chain, owner, repo, branch) — names one derived key pair; the profile picks one
 * secrets entry inside it. Both are bound into every envelope as associated data, so an envelope made
 * for one repo, branch, owner or profile cannot be opened for another. `branch: null` means the
 * entry applies to any branch of the repo. Pure module, shared with clients.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { CHAINS, type ChainId } from '../../common/types/index.ts';
import { canonicalFields } from './bytes.ts';

export interface KeystoreScope {
  chain: ChainId;
  owner: string;
  repo: string;
  branch: string | null;
}

const PROFILE = /^[A-Za-z0-9_-]{1,64}$/; // as the contract accepts
// Printable, no whitespace/control characters: these values are identifiers and URLs, not prose.
const PRINTABLE = /^[\x21-\x7e]+$/;

function checkField(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !PRINTABLE.test(value)) {
    throw new ErrandError('KEYSTORE__SCOPE_INVALID', `${field} must be 1-${max} printable non-space ASCII characters`, {
      field,
      reason: 'malformed',
    });
  }
  return value;
}

export function assertScope(value: unknown): asserts value is KeystoreScope {
  const v = value as Partial<KeystoreScope> | null;
  if (typeof v !== 'object' || v === null) {
    throw new ErrandError('KEYSTORE__SCOPE_INVALID', 'scope must be an object', { field: 'scope', reason: 'malformed' });
  }
  if (!CHAINS.includes(v.chain as ChainId)) {
    throw new ErrandError('KEYSTORE__SCOPE_INVALID', `chain must be one of ${CHAINS.join(', ')}`, { field: 'chain', reason: 'unknown' });
  }
  checkField('owner', v.owner, 128);
  checkField('repo', v.repo, 512);
  if (v.branch !== null) checkField('branch', v.branch, 256);
}

export function assertProfile(value: unknown): asserts value is string {
  if (typeof value !== 'string' || !PROFILE.test(value)) {
    throw new ErrandError('KEYSTORE__SCOPE_INVALID', 'profile must be 1-64 characters of [A-Za-z0-9_-]', {
      field: 'profile',
      reason: 'malformed',
    });
  }
}

/** HKDF info that names the scope's key pair. */
export function scopeKeyInfo(scope: KeystoreScope): Uint8Array {
  return canonicalFields(['errand/keystore/scope-key/v1', scope.chain, scope.owner, scope.repo, scope.branch]);
}

/** Associated data of a secrets envelope (client -> keystore). */
export function secretsAssociatedData(scope: KeystoreScope, profile: string): Uint8Array {
  return canonicalFields(['errand/keystore/secrets/v1', scope.chain, scope.owner, scope.repo, scope.branch, profile]);
}

/** Associated data of secrets sealed to a worker's one-time key (keystore -> worker). */
export function sealedAssociatedData(ref: { chain: string; contractId: string; requestId: string }, nonceHex: string): Uint8Array {
  return canonicalFields(['errand/keystore/sealed/v1', ref.chain, ref.contractId, ref.requestId, nonceHex]);
}
