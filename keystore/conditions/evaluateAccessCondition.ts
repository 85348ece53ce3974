/**
 * Evaluates an access condition for one account (the request's sender) against chain state read
 * through a ChainReader — never against anything the worker says. Conditions are validated for the
 * reader's chain, so a NEAR kind never runs against Solana state or the reverse. On Solana the
 * reader's balance, token and NFT reads mean lamports, SPL token holdings of a mint, and a token
 * account of the mint with amount 1 and decimals 0 (common/ports/ChainReader.ts). Any chain read that fails (RPC
 * error, timeout, abort) denies with KEYSTORE__ACCESS_DENIED reason `chain_read_failed`, including
 * under NOT: a failure is never turned into an allow. AND/OR short-circuit left to right, so a read
 * that is not needed is not made. The condition is validated again first: what is on-chain is
 * untrusted input too.
 */
import { ErrandError, isErrandError } from '../../common/errors/index.ts';
import type { ChainReader } from '../../common/ports/index.ts';
import type { AccessCondition } from '../../common/types/index.ts';
import { validateAccessCondition } from '../envelope/validateAccessCondition.ts';
import { compilePattern } from './pattern/index.ts';

export interface EvaluationContext {
  reader: ChainReader;
  signal?: AbortSignal;
}

async function chainRead<T>(operation: string, account: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    throw new ErrandError(
      'KEYSTORE__ACCESS_DENIED',
      `access denied: chain read ${operation} failed (${isErrandError(e) ? e.code : 'error'})`,
      { reason: 'chain_read_failed', account },
      { cause: e },
    );
  }
}

async function evaluate(cond: AccessCondition, account: string, ctx: EvaluationContext): Promise<boolean> {
  const { reader, signal } = ctx;
  switch (cond.type) {
    case 'AllowAll':
      return true;
    case 'Whitelist':
      return cond.accounts.includes(account);
    case 'AccountPattern':
      // Linear time (a Pike VM over a size-capped NFA): no pattern can hold the event loop.
      return compilePattern(cond.pattern).test(account);
    case 'RequireNearBalance':
    case 'RequireSolBalance': {
      const balance = await chainRead('getBalance', account, () => reader.getBalance(account, signal));
      return balance >= BigInt(cond.min);
    }
    case 'RequireFtBalance':
    case 'RequireSplTokenBalance': {
      const token = cond.type === 'RequireFtBalance' ? cond.contract : cond.mint;
      const balance = await chainRead('getFtBalance', account, () => reader.getFtBalance(token, account, signal));
      return balance >= BigInt(cond.min);
    }
    case 'RequireNftOwnership': {
      const [collection, tokenId] = 'mint' in cond ? [cond.mint, undefined] : [cond.contract, cond.tokenId];
      return (await chainRead('ownsNft', account, () => reader.ownsNft(collection, account, tokenId, signal))) === true;
    }
    case 'Logic':
      if (cond.op === 'NOT') return !(await evaluate(cond.conditions[0] as AccessCondition, account, ctx));
      for (const sub of cond.conditions) {
        const value = await evaluate(sub, account, ctx);
        if (cond.op === 'OR' && value) return true;
        if (cond.op === 'AND' && !value) return false;
      }
      return cond.op === 'AND';
  }
}

/** True when `account` satisfies `condition`; throws KEYSTORE__ACCESS_DENIED when it cannot be decided. */
export async function evaluateAccessCondition(condition: unknown, account: string, ctx: EvaluationContext): Promise<boolean> {
  let valid: AccessCondition;
  try {
    valid = validateAccessCondition(condition, ctx.reader.chain);
  } catch (e) {
    throw new ErrandError(
      'KEYSTORE__ACCESS_DENIED',
      'access denied: the stored access condition is invalid',
      { reason: 'condition_invalid', account },
      { cause: e },
    );
  }
  return evaluate(valid, account, ctx);
}

/** Evaluates and throws KEYSTORE__ACCESS_DENIED (`condition_not_met`) when the condition is false. */
export async function requireAccess(condition: unknown, account: string, ctx: EvaluationContext): Promise<void> {
  if (!(await evaluateAccessCondition(condition, account, ctx))) {
    throw new ErrandError('KEYSTORE__ACCESS_DENIED', `access denied: ${account} does not satisfy the access condition`, {
      reason: 'condition_not_met',
      account,
    });
  }
}
