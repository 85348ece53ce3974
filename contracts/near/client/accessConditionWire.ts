/**
 * Access conditions in the contract's JSON (snake_case `token_id`) <-> common/types. The contract
 * stores them normalised (contract/src/access.rs): exactly the documented fields of one of seven
 * kinds, Logic nested at most 4 deep. The parse checks every kind and field against that, and
 * builds a fresh value: anything else from the chain is CHAIN__BAD_CONTRACT_DATA, never cast.
 */
import { ErrandError } from '../../../common/errors/index.ts';
import type { AccessCondition } from '../../../common/types/index.ts';

/** The contract's own bound (access.rs MAX_DEPTH): Logic at depth 4 holds no further Logic. */
const MAX_DEPTH = 4;
const AMOUNT = /^(0|[1-9][0-9]*)$/;

type J = Record<string, unknown>;

function bad(detail: string): never {
  throw new ErrandError('CHAIN__BAD_CONTRACT_DATA', `unexpected access_condition from the contract: ${detail}`, { what: 'access_condition', detail });
}

function fields(v: unknown, path: string, keys: readonly string[]): J {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(`${path} is not an object`);
  const extra = Object.keys(v).filter((k) => !keys.includes(k));
  if (extra.length > 0) bad(`${path} has unexpected field ${extra[0]}`);
  return v as J;
}

function text(o: J, key: string, path: string): string {
  const v = o[key];
  return typeof v === 'string' && v.length > 0 ? v : bad(`${path}.${key} is not a non-empty string`);
}

function amount(o: J, path: string): string {
  const v = text(o, 'min', path);
  return AMOUNT.test(v) ? v : bad(`${path}.min is not a decimal amount`);
}

function parseAt(v: unknown, path: string, depth: number): AccessCondition {
  if (depth > MAX_DEPTH) bad(`${path} nests deeper than ${MAX_DEPTH}`);
  const type = typeof v === 'object' && v !== null ? (v as J)['type'] : undefined;
  switch (type) {
    case 'AllowAll':
      fields(v, path, ['type']);
      return { type };
    case 'Whitelist': {
      const accounts = fields(v, path, ['type', 'accounts'])['accounts'];
      if (!Array.isArray(accounts) || accounts.length === 0) bad(`${path}.accounts is not a non-empty list`);
      return { type, accounts: accounts.map((a, i) => (typeof a === 'string' && a.length > 0 ? a : bad(`${path}.accounts[${i}] is not an account id`))) };
    }
    case 'AccountPattern':
      return { type, pattern: text(fields(v, path, ['type', 'pattern']), 'pattern', path) };
    case 'RequireNearBalance':
      return { type, min: amount(fields(v, path, ['type', 'min']), path) };
    case 'RequireFtBalance': {
      const o = fields(v, path, ['type', 'contract', 'min']);
      return { type, contract: text(o, 'contract', path), min: amount(o, path) };
    }
    case 'RequireNftOwnership': {
      const o = fields(v, path, ['type', 'contract', 'token_id']);
      return { type, contract: text(o, 'contract', path), ...(o['token_id'] !== undefined && { tokenId: text(o, 'token_id', path) }) };
    }
    case 'Logic': {
      const o = fields(v, path, ['type', 'op', 'conditions']);
      const op = o['op'];
      if (op !== 'AND' && op !== 'OR' && op !== 'NOT') bad(`${path}.op is not AND, OR or NOT`);
      const children = o['conditions'];
      if (!Array.isArray(children) || (op === 'NOT' ? children.length !== 1 : children.length === 0)) bad(`${path}.conditions does not fit ${op}`);
      return { type, op, conditions: children.map((c, i) => parseAt(c, `${path}.conditions[${i}]`, depth + 1)) };
    }
    default:
      return bad(`${path}.type is not a condition kind`);
  }
}

export function accessConditionFromWire(v: unknown): AccessCondition {
  return parseAt(v, 'access_condition', 1);
}

export function accessConditionToWire(c: AccessCondition): J {
  // The Solana form (mint) is not a NEAR condition: passed through, refused by validation.
  if (c.type === 'RequireNftOwnership' && !('mint' in c))
    return { type: c.type, contract: c.contract, ...(c.tokenId !== undefined ? { token_id: c.tokenId } : {}) };
  if (c.type === 'Logic') return { type: 'Logic', op: c.op, conditions: c.conditions.map(accessConditionToWire) };
  return { ...c };
}
