/**
 * The Express application: /health and /metrics open, everything else under /v1 behind the
 * bearer-token middleware and the rate limiter. JSON bodies are size-limited; module uploads are
 * read raw by their own route with their own limit. Errors are coded JSON via common/http.
 *
 * GET / is the dashboard (dashboard/, built in memory by coordinator/dashboard/dashboardBundle.ts);
 * its API sits under /v1/dashboard before authentication.
 *
 * Every /v1 route and middleware sits on ONE router, in order (rate limit, the public keystore
 * route, authentication, raw module uploads, the JSON parser, the JSON routes): a call walks one
 * layer list instead of entering and leaving a sub-router per route module. No ETags: API answers
 * are never revalidated, and hashing each body is pure cost. JSON bodies: jsonBody.ts.
 */
import express from 'express';
import { errorHandler, notFoundHandler } from '../../common/http/errorHandler.ts';
import { authenticate } from '../auth/authenticate.ts';
import type { RouteContext } from './RouteContext.ts';
import { checkQuery } from './checkQuery.ts';
import { jsonBody } from './jsonBody.ts';
import { rateLimit } from './rateLimit.ts';
import type { RateLimiter } from './RateLimiter.ts';
import { healthRoutes } from './routes/health.ts';
import { requestRoutes } from './routes/requests.ts';
import { workerRoutes } from './routes/workers.ts';
import { claimRoutes } from './routes/claims.ts';
import { jobRoutes } from './routes/jobs.ts';
import { logRoutes } from './routes/logs.ts';
import { transcriptRoutes } from './routes/transcripts.ts';
import { wasmRoutes } from './routes/wasm.ts';
import { lockRoutes } from './routes/locks.ts';
import { keystoreRoutes } from './routes/keystore.ts';
import { dashboardPageRoutes } from './routes/dashboardPage.ts';
import { dashboardApiRoutes } from './routes/dashboardApi.ts';
import { dashboardSecretsRoutes } from './routes/dashboardSecrets.ts';
import { dashboardSolanaRoutes } from './routes/dashboardSolana.ts';
import { dashboardNearWalletRoutes } from './routes/dashboardNearWallet.ts';
import type { DashboardDeps } from '../dashboard/DashboardDeps.ts';

export function createApp(ctx: RouteContext & { adminToken: string; rateLimiter: RateLimiter; dashboard?: DashboardDeps }): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      ctx.service.metrics.countHttp(req.method, `${req.baseUrl}${route}`, res.statusCode);
    });
    next();
  });
  app.use(checkQuery());
  const open = express.Router();
  healthRoutes(ctx, open);
  dashboardPageRoutes(open);
  app.use(open);
  const v1 = express.Router();
  v1.use(rateLimit(ctx.rateLimiter, { perTokenPerS: ctx.config.RATE_PER_TOKEN_PER_S, perIpPerS: ctx.config.RATE_PER_IP_PER_S, burst: ctx.config.RATE_BURST }));
  // A scope's public key is public: secret owners fetch it to encrypt client-side, and they are not
  // workers. Rate limits still apply; nothing else of the keystore is reachable.
  keystoreRoutes(ctx, v1);
  // The dashboard's API: public reads (dashboardApi.ts says why) and the secrets quote/dev signing.
  dashboardApiRoutes(ctx, ctx.dashboard ?? {}, v1);
  dashboardSecretsRoutes(ctx, ctx.dashboard ?? {}, v1);
  dashboardSolanaRoutes(ctx, ctx.dashboard ?? {}, v1);
  dashboardNearWalletRoutes(ctx, ctx.dashboard ?? {}, v1);
  v1.use(authenticate({ db: ctx.service.db, adminToken: ctx.adminToken, enabled: ctx.config.AUTH_ENABLED, shutdown: ctx.shutdown }));
  wasmRoutes(ctx, v1); // before the JSON parser: raw bodies
  transcriptRoutes(ctx, v1);
  v1.use(jsonBody({ limit: ctx.config.JSON_BODY_LIMIT_BYTES }));
  // The workers' hot calls (poll, claim, complete, heartbeat) first: a call walks the layers in
  // order until one matches (no two modules share a path).
  for (const routes of [claimRoutes, jobRoutes, requestRoutes, workerRoutes, logRoutes, lockRoutes]) routes(ctx, v1);
  app.use('/v1', v1);
  app.use(notFoundHandler());
  app.use(errorHandler(ctx.log));
  return app;
}
