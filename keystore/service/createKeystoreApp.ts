/**
 * The keystore's HTTP API (Express 5). Internal only: the coordinator proxies GET /v1/pubkey and
 * nothing else; workers reach the attestation and decrypt endpoints over the internal network.
 *
 *   GET  /health                 {status: 'ok'}
 *   GET  /v1/pubkey?chain&owner&repo[&branch]   {publicKey (hex), algorithm, envelopeVersion, scope}
 *   POST /v1/attest/challenge    body {chain, contractId, workerAccount, workerPublicKey, issuedAt, signature}
 *                                -> {nonce, expiresAt, ttlMs} (see attestation/challengeRequest.ts)
 *   POST /v1/secrets/decrypt     body {attestation, ticket} -> {sealed} (base64 envelope to the one-time key)
 *
 * Errors are coded `{error, code, details}` through the shared error handler.
 */
import express, { type Express } from 'express';
import { z } from 'zod';
import { ErrandError } from '../../common/errors/index.ts';
import { parseWith } from '../../common/parseWith.ts';
import { checkRequestStrings } from '../../common/http/checkJsonStrings.ts';
import { errorHandler, notFoundHandler } from '../../common/http/errorHandler.ts';
import type { Logger } from '../../common/logger.ts';
import { withTimeout } from '../../common/abort.ts';
import { CHAINS } from '../../common/types/index.ts';
import type { ChallengeGate } from '../attestation/ChallengeGate.ts';
import type { ScopeKeyring } from '../crypto/ScopeKeyring.ts';
import { bytesToHex } from '../envelope/bytes.ts';
import { ENVELOPE_VERSION } from '../envelope/envelope.ts';
import { assertScope, type KeystoreScope } from '../envelope/scope.ts';
import type { SecretsReleaser } from './SecretsReleaser.ts';

export interface KeystoreAppDeps {
  keyring: ScopeKeyring;
  challenges: ChallengeGate;
  releaser: SecretsReleaser;
  decryptTimeoutMs: number;
  log: Logger;
}

const pubkeyQuery = z
  .object({
    chain: z.enum(CHAINS),
    owner: z.string().min(1),
    repo: z.string().min(1),
    branch: z.string().min(1).optional(),
  })
  .strict();

const decryptBody = z.object({ attestation: z.unknown(), ticket: z.unknown().optional() }).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  return parseWith(schema, value, (issues) => new ErrandError('COMMON__INVALID_ARGUMENT', `invalid request: ${issues.join('; ')}`, { issues }));
}

export function createKeystoreApp(deps: KeystoreAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  // NUL, lone surrogates, deep nesting: a coded 400 before any route reads them.
  app.use(checkRequestStrings({ maxDepth: 32 }));

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/v1/pubkey', (req, res) => {
    const q = parse(pubkeyQuery, { ...(req.query as Record<string, unknown>) });
    const scope: KeystoreScope = { chain: q.chain, owner: q.owner, repo: q.repo, branch: q.branch ?? null };
    assertScope(scope);
    res.json({ publicKey: bytesToHex(deps.keyring.publicKey(scope)), algorithm: 'x25519', envelopeVersion: ENVELOPE_VERSION, scope });
  });

  app.post('/v1/attest/challenge', async (req, res) => {
    const challenge = await deps.challenges.issue(req.body ?? {}, AbortSignal.timeout(deps.decryptTimeoutMs));
    res.json({ nonce: challenge.nonce, expiresAt: new Date(challenge.expiresAt).toISOString(), ttlMs: challenge.expiresAt - Date.now() });
  });

  app.post('/v1/secrets/decrypt', async (req, res) => {
    const body = parse(decryptBody, req.body ?? {});
    const aborter = new AbortController();
    res.on('close', () => aborter.abort());
    const signal = withTimeout(aborter.signal, deps.decryptTimeoutMs);
    const released = await deps.releaser.release(body.attestation, signal, body.ticket);
    res.json({ sealed: released.sealed });
  });

  app.use(notFoundHandler());
  app.use(errorHandler(deps.log));
  return app;
}
