/**
 * The dashboard's NEAR wallet half: `transaction` returns what the page needs to build a secrets
 * write for the user's wallet to sign (nearWalletTransaction.ts); `tx/:hash` reads the outcome of
 * the transaction the wallet sent, so the page can say what happened when the wallet sends the
 * user back. The body of a store is the envelope the browser encrypted, never a plaintext.
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { failureOf, returnValue, type FinalOutcome } from '../../../contracts/near/client/outcomes.ts';
import { rpcCall } from '../../../contracts/near/client/rpcCall.ts';
import type { DashboardDeps } from '../../dashboard/DashboardDeps.ts';
import { nearTxQuery, nearWalletTransactionBody } from '../../dashboard/dashboardSchemas.ts';
import { deleteCall, nearWalletTransaction, storeCall } from '../../dashboard/nearWalletTransaction.ts';
import { nearOf } from '../../dashboard/requireChain.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { jsonBody } from '../jsonBody.ts';
import { parse } from '../validate.ts';

const TX_HASH = /^[1-9A-HJ-NP-Za-km-z]{43,44}$/;

export function dashboardNearWalletRoutes(ctx: RouteContext, deps: DashboardDeps, r: Router): void {
  const body = jsonBody({ limit: 64 * 1024 });
  r.post('/dashboard/near/secrets/transaction', body, async (req, res) => {
    const b = parse(nearWalletTransactionBody, req.body, 'body');
    const call = b.action === 'store' ? storeCall(b.entry) : deleteCall(b.key);
    const owner = b.action === 'store' ? b.entry.owner : b.key.owner;
    res.json(await nearWalletTransaction(nearOf(deps), owner, call, routeSignal(res, ctx.shutdown)));
  });
  r.get('/dashboard/near/tx/:hash', async (req, res) => {
    const hash = String(req.params.hash);
    if (!TX_HASH.test(hash)) throw new ErrandError('COMMON__INVALID_ARGUMENT', 'a NEAR transaction hash is base58 of 32 bytes', { field: 'hash' });
    const q = parse(nearTxQuery, req.query, 'query');
    const out = await rpcCall<FinalOutcome>(
      nearOf(deps).client.provider,
      'tx',
      { tx_hash: hash, sender_account_id: q.account, wait_until: 'EXECUTED_OPTIMISTIC' },
      routeSignal(res, ctx.shutdown),
    );
    const failure = failureOf(out);
    res.json(failure ? { success: false, failure } : { success: true, value: returnValue(out) ?? null });
  });
}
