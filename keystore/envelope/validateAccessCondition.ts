/**
 * Store-time (and decrypt-time) validation of an access condition from an untrusted source: the
 * shape of each variant, sizes, Logic nesting depth, and AccountPattern safety (anchored with ^...$,
 * at most 256 characters, inside the linear-time pattern language of keystore/conditions/pattern,
 * within its NFA size cap). With a `chain`, also that every kind belongs to that chain
 * (common/types/accessCondition.ts) and that accounts, mints and contracts are written as that
 * chain writes them (Solana: base58 32-byte public keys); without one, any chain's kinds pass
 * (the keystore always validates with the chain of the request). Returns the condition built
 * afresh from its checked fields (never the input object); throws KEYSTORE__CONDITION_INVALID listing every issue found. Pure.
 */
import { ErrandError } from '../../common/errors/index.ts';
import { CONDITION_CHAINS, type AccessCondition, type ChainId } from '../../common/types/index.ts';
import { PatternSyntaxError, compilePattern } from '../conditions/pattern/index.ts';
import { isSolanaAddress } from './solanaAddress.ts';

export const MAX_LOGIC_DEPTH = 4;
export const MAX_CONDITION_NODES = 64;
export const MAX_PATTERN_LENGTH = 256;
export const MAX_WHITELIST = 100;
export const MAX_LOGIC_CHILDREN = 10;
const ACCOUNT = /^[\x21-\x7e]{1,128}$/;
const AMOUNT = /^(0|[1-9][0-9]{0,39})$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Issues with an AccountPattern regex, or [] when it is acceptable. */
export function accountPatternIssues(pattern: unknown): string[] {
  if (typeof pattern !== 'string') return ['pattern must be a string'];
  if (pattern.length > MAX_PATTERN_LENGTH) return [`pattern longer than ${MAX_PATTERN_LENGTH} characters`];
  const trailingBackslashes = /\\*(?=\$$)/.exec(pattern)?.[0].length ?? 0;
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || trailingBackslashes % 2 === 1 || pattern.length < 2) {
    return ['pattern must be anchored: start with ^ and end with $'];
  }
  try {
    compilePattern(pattern);
  } catch (e) {
    if (e instanceof PatternSyntaxError) return [`pattern does not compile: ${e.message}`];
    throw e;
  }
  return [];
}

interface Walk {
  chain: ChainId | undefined;
  nodes: number;
  issues: string[];
}

function isAccount(v: unknown, chain: ChainId | undefined): v is string {
  if (chain === 'solana') return isSolanaAddress(v);
  return typeof v === 'string' && ACCOUNT.test(v);
}

/** Checks one condition, pushing what is wrong to `walk.issues`, and builds it afresh from the
 * checked fields (never the input object itself): undefined when it has issues. */
function collect(value: unknown, path: string, depth: number, walk: Walk): AccessCondition | undefined {
  const { chain, issues } = walk;
  if (++walk.nodes > MAX_CONDITION_NODES) {
    if (walk.nodes === MAX_CONDITION_NODES + 1) issues.push(`more than ${MAX_CONDITION_NODES} conditions`);
    return undefined;
  }
  if (!isRecord(value)) return void issues.push(`${path}: must be an object`);
  const before = issues.length;
  const accountKind = chain === 'solana' ? 'a base58 Solana public key' : 'an account id';
  const amount = (field: string): string => {
    const v = value[field];
    if (typeof v === 'string' && AMOUNT.test(v)) return v;
    issues.push(`${path}.${field}: must be a decimal integer string`);
    return '';
  };
  const account = (field: string): string => {
    const v = value[field];
    if (isAccount(v, chain)) return v;
    issues.push(`${path}.${field}: must be ${accountKind}`);
    return '';
  };
  const solanaKey = (field: string): string => {
    const v = value[field];
    if (isSolanaAddress(v)) return v as string;
    issues.push(`${path}.${field}: must be a base58 Solana public key`);
    return '';
  };
  const ok = <C extends AccessCondition>(c: C): C | undefined => (issues.length === before ? c : undefined);
  const kind = typeof value.type === 'string' && Object.hasOwn(CONDITION_CHAINS, value.type) ? (value.type as keyof typeof CONDITION_CHAINS) : null;
  if (chain !== undefined && kind !== null && !CONDITION_CHAINS[kind].includes(chain)) {
    return void issues.push(`${path}.type: ${kind} is not a ${chain} condition`);
  }
  switch (value.type) {
    case 'AllowAll':
      return { type: 'AllowAll' };
    case 'Whitelist': {
      const accounts = value.accounts;
      if (!Array.isArray(accounts) || accounts.length === 0 || accounts.length > MAX_WHITELIST) {
        return void issues.push(`${path}.accounts: must list 1-${MAX_WHITELIST} accounts`);
      }
      const checked = accounts.filter((a, i): a is string => {
        if (isAccount(a, chain)) return true;
        issues.push(`${path}.accounts[${i}]: must be ${accountKind}`);
        return false;
      });
      return ok({ type: 'Whitelist', accounts: checked });
    }
    case 'AccountPattern':
      for (const issue of accountPatternIssues(value.pattern)) issues.push(`${path}.pattern: ${issue}`);
      return typeof value.pattern === 'string' ? ok({ type: 'AccountPattern', pattern: value.pattern }) : undefined;
    case 'RequireNearBalance':
      return ok({ type: 'RequireNearBalance', min: amount('min') });
    case 'RequireFtBalance':
      return ok({ type: 'RequireFtBalance', contract: account('contract'), min: amount('min') });
    case 'RequireSolBalance':
      return ok({ type: 'RequireSolBalance', min: amount('min') });
    case 'RequireSplTokenBalance':
      return ok({ type: 'RequireSplTokenBalance', mint: solanaKey('mint'), min: amount('min') });
    case 'RequireNftOwnership': {
      if ('mint' in value) {
        if (chain === 'near') return void issues.push(`${path}: RequireNftOwnership by mint is not a near condition`);
        if ('contract' in value || 'tokenId' in value) issues.push(`${path}: the Solana form takes only mint`);
        return ok({ type: 'RequireNftOwnership', mint: solanaKey('mint') });
      }
      if (chain === 'solana') return void issues.push(`${path}: RequireNftOwnership on solana takes a mint`);
      const contract = account('contract');
      const tokenId = value.tokenId;
      if (tokenId !== undefined && (typeof tokenId !== 'string' || tokenId.length === 0 || tokenId.length > 256)) {
        return void issues.push(`${path}.tokenId: must be a non-empty string of at most 256 characters`);
      }
      return ok({ type: 'RequireNftOwnership', contract, ...(tokenId !== undefined && { tokenId }) });
    }
    case 'Logic': {
      if (depth >= MAX_LOGIC_DEPTH) return void issues.push(`${path}: Logic nested deeper than ${MAX_LOGIC_DEPTH}`);
      const { op, conditions } = value;
      if (op !== 'AND' && op !== 'OR' && op !== 'NOT') return void issues.push(`${path}.op: must be AND, OR or NOT`);
      if (!Array.isArray(conditions)) return void issues.push(`${path}.conditions: must be an array`);
      if (op === 'NOT' ? conditions.length !== 1 : conditions.length === 0 || conditions.length > MAX_LOGIC_CHILDREN) {
        return void issues.push(`${path}.conditions: NOT takes exactly one condition, AND/OR 1-10`);
      }
      const children = conditions.map((c, i) => collect(c, `${path}.conditions[${i}]`, depth + 1, walk));
      const built = children.filter((c): c is AccessCondition => c !== undefined);
      return built.length === children.length ? ok({ type: 'Logic', op, conditions: built }) : undefined;
    }
    default:
      issues.push(`${path}.type: unknown condition type`);
      return undefined;
  }
}

export function validateAccessCondition(value: unknown, chain?: ChainId): AccessCondition {
  const issues: string[] = [];
  const condition = collect(value, 'condition', 0, { chain, nodes: 0, issues });
  if (condition === undefined || issues.length > 0) {
    throw new ErrandError('KEYSTORE__CONDITION_INVALID', `invalid access condition: ${issues.join('; ') || 'malformed'}`, { issues });
  }
  return condition;
}
