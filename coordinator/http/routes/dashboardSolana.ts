/**
 * The dashboard's Solana secrets writes, for a page whose user signs with a Solana wallet (Wallet
 * Standard): a recent blockhash to build the transaction with, a quote (the entry checked as the
 * program and the keystore will, and the rent its account costs), and a relay for the transaction
 * the wallet signed (relaySolanaTransaction.ts says what it relays). No key here signs anything, and
 * no route receives a plaintext: the envelope was encrypted in the browser.
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { assertProfile, assertScope } from '../../../keystore/envelope/scope.ts';
import { validateStoreContent } from '../../../keystore/client/prepareStoreSecrets.ts';
import { MAX_SOLANA_CONDITION_BYTES, MAX_SOLANA_ENVELOPE_BYTES } from '../../../keystore/client/solanaSecretsOnChain.ts';
import type { DashboardDeps } from '../../dashboard/DashboardDeps.ts';
import { solanaOf } from '../../dashboard/requireChain.ts';
import { solanaSecretsQuoteBody, solanaSendBody } from '../../dashboard/dashboardSchemas.ts';
import { relaySolanaTransaction } from '../../dashboard/relaySolanaTransaction.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { jsonBody } from '../jsonBody.ts';
import { parse } from '../validate.ts';

/** The Secrets account's header before the stored arguments (layout.h SEC_BODY). */
const SECRETS_HEADER_BYTES = 73;

function tooLarge(what: string, bytes: number, max: number): ErrandError {
  return new ErrandError('KEYSTORE__ENVELOPE_INVALID', `the ${what} is ${bytes} bytes; the Solana program accepts at most ${max}`, {
    reason: `${what.replace(' ', '_')}_too_large_for_solana`,
  });
}

/** Bytes of borsh(repo, branch, profile, envelope, access_condition): what store_secrets copies into the account. */
function storedArgsBytes(repo: string, branch: string | null, profile: string, envelope: number, condition: number): number {
  const str = (s: string): number => 4 + Buffer.byteLength(s, 'utf8');
  return str(repo) + (branch === null ? 1 : 1 + str(branch)) + str(profile) + 4 + envelope + 4 + condition;
}

export function dashboardSolanaRoutes(ctx: RouteContext, deps: DashboardDeps, r: Router): void {
  const body = jsonBody({ limit: 16 * 1024 });
  r.get('/dashboard/solana/blockhash', async (_req, res) => {
    const { blockhash, lastValidBlockHeight } = await solanaOf(deps).client.connection.getLatestBlockhash('confirmed');
    res.json({ blockhash, lastValidBlockHeight });
  });
  r.post('/dashboard/solana/secrets/quote', body, async (req, res) => {
    const b = parse(solanaSecretsQuoteBody, req.body, 'body');
    assertScope({ chain: 'solana', owner: b.owner, repo: b.repo, branch: b.branch });
    assertProfile(b.profile);
    const accessCondition = validateStoreContent(b.envelope, b.condition, 'solana');
    const envelopeBytes = Buffer.from(b.envelope, 'base64').length;
    const conditionBytes = Buffer.byteLength(JSON.stringify(accessCondition), 'utf8');
    if (envelopeBytes > MAX_SOLANA_ENVELOPE_BYTES) throw tooLarge('envelope', envelopeBytes, MAX_SOLANA_ENVELOPE_BYTES);
    if (conditionBytes > MAX_SOLANA_CONDITION_BYTES) throw tooLarge('access condition', conditionBytes, MAX_SOLANA_CONDITION_BYTES);
    const size = SECRETS_HEADER_BYTES + storedArgsBytes(b.repo, b.branch, b.profile, envelopeBytes, conditionBytes);
    const rent = await solanaOf(deps).client.connection.getMinimumBalanceForRentExemption(size, 'confirmed');
    res.json({ programId: solanaOf(deps).programId, rentLamports: String(rent), accountBytes: size, accessCondition });
  });
  r.post('/dashboard/solana/send', body, async (req, res) => {
    const b = parse(solanaSendBody, req.body, 'body');
    const sent = await relaySolanaTransaction(solanaOf(deps).client, Buffer.from(b.transaction, 'base64'), routeSignal(res, ctx.shutdown));
    res.json(sent);
  });
}
