/**
 * The dashboard's secrets writes. `quote` checks an entry as the contract and the keystore will
 * (scope, envelope shape and size, access condition) and returns the storage deposit to attach,
 * so the page shows the cost before anything is signed. `dev/store` and `dev/delete` sign with a
 * dev account's key and exist only when the coordinator was given a dev signer (`errand dev`):
 * on real networks the page signs with the user's wallet instead. The body of a store is the
 * envelope the browser encrypted: no route here ever receives a plaintext secret, and the
 * envelope must parse as one (a plaintext JSON map does not).
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { prepareStoreSecrets } from '../../../keystore/client/prepareStoreSecrets.ts';
import { deleteSecretsOnChain, storeSecretsOnChain } from '../../../keystore/client/secretsOnChain.ts';
import type { DashboardDeps, DevSigner } from '../../dashboard/DashboardDeps.ts';
import { deleteSecretsBody, storeSecretsBody } from '../../dashboard/dashboardSchemas.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { jsonBody } from '../jsonBody.ts';
import { parse } from '../validate.ts';

const CALL_TIMEOUT_MS = 120_000;

function devClient(signer: DevSigner | undefined, owner: string): ReturnType<DevSigner['clientFor']> {
  if (!signer) throw new ErrandError('COORDINATOR__FORBIDDEN', 'dev signing exists only under errand dev: sign with your wallet', { reason: 'no dev signer' });
  if (!signer.accounts.includes(owner)) {
    throw new ErrandError('COMMON__INVALID_ARGUMENT', `${owner} is not a dev account (${signer.accounts.join(', ')})`, { field: 'owner' });
  }
  return signer.clientFor(owner);
}

export function dashboardSecretsRoutes(ctx: RouteContext, deps: DashboardDeps, r: Router): void {
  const body = jsonBody({ limit: 64 * 1024 });
  r.post('/dashboard/secrets/quote', body, (req, res) => {
    const b = parse(storeSecretsBody, req.body, 'body');
    const prepared = prepareStoreSecrets(b);
    res.json({ depositYocto: prepared.depositBound.toString(), accessCondition: prepared.accessCondition });
  });
  r.post('/dashboard/dev/secrets', body, async (req, res) => {
    const b = parse(storeSecretsBody, req.body, 'body');
    prepareStoreSecrets(b); // bad input is a 400 before a key is touched
    const client = devClient(deps.devSigner, b.owner);
    const signal = AbortSignal.any([routeSignal(res, ctx.shutdown), AbortSignal.timeout(CALL_TIMEOUT_MS)]);
    const out = await storeSecretsOnChain(client, b, undefined, signal);
    res.status(201).json({ attachedYocto: out.attached.toString(), storageDepositYocto: out.storageDeposit, refundedYocto: out.refunded });
  });
  r.post('/dashboard/dev/secrets/delete', body, async (req, res) => {
    const b = parse(deleteSecretsBody, req.body, 'body');
    const client = devClient(deps.devSigner, b.owner);
    const signal = AbortSignal.any([routeSignal(res, ctx.shutdown), AbortSignal.timeout(CALL_TIMEOUT_MS)]);
    res.json({ refundedYocto: (await deleteSecretsOnChain(client, b, signal)).refunded });
  });
}
