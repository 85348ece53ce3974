/**
 * GET /keystore/pubkey?...: forwards the query string to the keystore's public-key endpoint and
 * relays its JSON answer (checked against keystore/api's schema). Nothing else of the keystore is
 * reachable through the coordinator.
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { keystorePublicKeyAnswer } from '../../api/index.ts';
import { sharedHttpClient } from '../../../common/http/sharedHttpClient.ts';
import type { HttpAnswer } from '../../../common/http/HttpClient.ts';
import type { RouteContext } from '../RouteContext.ts';

const TIMEOUT_MS = 5_000;

export function keystoreRoutes(ctx: RouteContext, r: Router): void {
  r.get('/keystore/pubkey', async (req, res) => {
    if (!ctx.config.KEYSTORE_URL) {
      throw new ErrandError('COORDINATOR__KEYSTORE_UNAVAILABLE', 'no keystore configured (KEYSTORE_URL)', { reason: 'not configured' });
    }
    const qs = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    const url = new URL(ctx.config.KEYSTORE_PUBKEY_PATH + qs, ctx.config.KEYSTORE_URL);
    let upstream: HttpAnswer;
    let text: string;
    try {
      upstream = await sharedHttpClient().request(url, {
        method: 'GET',
        headers: { accept: 'application/json' },
        timeoutMs: TIMEOUT_MS,
        operation: 'keystore public key',
      });
      text = await upstream.text();
    } catch (e) {
      throw new ErrandError('COORDINATOR__KEYSTORE_UNAVAILABLE', 'keystore did not answer', { reason: (e as Error).message });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ErrandError('COORDINATOR__KEYSTORE_UNAVAILABLE', 'keystore answered with non-JSON', { reason: `status ${upstream.status}` });
    }
    if (upstream.status >= 500) {
      throw new ErrandError('COORDINATOR__KEYSTORE_UNAVAILABLE', 'keystore failed', { reason: `status ${upstream.status}` });
    }
    // A key is relayed only in the keystore's documented shape; its coded 4xx answers as they are.
    if (upstream.ok && !keystorePublicKeyAnswer.safeParse(body).success) {
      throw new ErrandError('COORDINATOR__KEYSTORE_UNAVAILABLE', 'keystore answered a malformed public key', { reason: 'bad answer' });
    }
    res.status(upstream.status).json(body);
  });
}
