/**
 * The dashboard's read API under /v1/dashboard, reachable without a token: everything it shows is
 * public already (requests, results and workers are on-chain; build logs are of public sources).
 * It never returns a secret: secrets entries are listed by key and deposit only. Live views are
 * Server-Sent Events that send `changed` whenever the ledger moves (polled every POLL_MS on one
 * cheap statement), and the page re-reads what it shows.
 */
import type { Request, Response, Router } from 'express';
import { PublicKey } from '@solana/web3.js';
import { ErrandError } from '../../../common/errors/index.ts';
import { sleep } from '../../../common/abort.ts';
import type { DashboardDeps } from '../../dashboard/DashboardDeps.ts';
import { nearOf, solanaOf } from '../../dashboard/requireChain.ts';
import { changeStamp, getDashboardRequest, listDashboardRequests, listWorkerOverview } from '../../dashboard/dashboardQueries.ts';
import { getDashboardTranscript } from '../../dashboard/dashboardTranscript.ts';
import { solanaSettlementView } from '../../dashboard/solanaSettlementView.ts';
import { dashboardRequestsQuery, estimateQuery, secretsListQuery } from '../../dashboard/dashboardSchemas.ts';
import { listEvents } from '../../ledger/events.ts';
import { listJobs } from '../../jobs/jobState.ts';
import { listSecretsOnChain } from '../../../keystore/client/secretsOnChain.ts';
import { listSolanaSecrets } from '../../../keystore/client/solanaSecretsOnChain.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { requestIdParam } from '../params.ts';
import { parse } from '../validate.ts';
import { openSse } from '../openSse.ts';
import { jobLogStream } from './logs.ts';

const POLL_MS = 250;
const MAX_STREAM_MS = 30 * 60_000;

/** Sends `event: changed` each time the stamp moves, until the caller leaves or the coordinator stops. */
async function changeStream(ctx: RouteContext, req: Request, res: Response, requestId: string | null): Promise<void> {
  const { signal, gone } = openSse(res, ctx.shutdown, MAX_STREAM_MS);
  let last = '';
  try {
    while (!signal.aborted) {
      const stamp = await changeStamp(ctx.service.db, requestId, signal);
      if (stamp !== last) res.write(`event: changed\ndata: ${JSON.stringify({ stamp })}\n\n`);
      last = stamp;
      await sleep(POLL_MS, signal);
    }
  } catch (err) {
    if (!signal.aborted) ctx.log.warn({ err, path: req.path }, 'dashboard stream failed');
  }
  if (!gone.aborted) res.end();
}

export function dashboardApiRoutes(ctx: RouteContext, deps: DashboardDeps, r: Router): void {
  r.get('/dashboard/config', (_req, res) => {
    res.json({
      chains: [
        { chain: 'near', contractId: deps.near?.contractId ?? null, ready: Boolean(deps.near) },
        { chain: 'solana', contractId: deps.solana?.programId ?? null, ready: Boolean(deps.solana) },
      ],
      devMode: ctx.config.DEV_MODE,
      explorers: { near: ctx.config.DASHBOARD_EXPLORER_NEAR ?? null, solana: ctx.config.DASHBOARD_EXPLORER_SOLANA ?? null },
      signing: deps.devSigner ? { kind: 'dev', accounts: deps.devSigner.accounts } : { kind: 'wallet' },
      nearWalletUrl: ctx.config.DASHBOARD_NEAR_WALLET_URL.replace(/\/+$/, ''),
      solanaWalletChain: ctx.config.DASHBOARD_SOLANA_CHAIN,
    });
  });
  r.get('/dashboard/requests', async (req, res) => {
    const q = parse(dashboardRequestsQuery, req.query, 'query');
    res.json({ requests: await listDashboardRequests(ctx.service.db, q, routeSignal(res, ctx.shutdown)) });
  });
  r.get('/dashboard/requests/stream', (req, res) => changeStream(ctx, req, res, null));
  r.get('/dashboard/requests/:id', async (req, res) => {
    const id = requestIdParam(req);
    const signal = routeSignal(res, ctx.shutdown);
    const request = await getDashboardRequest(ctx.service.db, id, signal);
    if (!request) throw new ErrandError('COORDINATOR__REQUEST_NOT_FOUND', `no request ${id}`, { id });
    const [jobs, events] = await Promise.all([listJobs(ctx.service.db, id, signal), listEvents(ctx.service.db, id, signal)]);
    // The settlement (charged, refunded, fuel used) is the chain's: read it there, not from the worker's report.
    let chain: Record<string, unknown> | null = null;
    let chainError: string | null = null;
    if (request.chain === 'near' && deps.near && deps.near.contractId === request.contractId) {
      chain = await deps.near.client.getRequestRaw(request.requestId, signal).catch((e: unknown) => {
        chainError = e instanceof Error ? e.message : String(e);
        return null;
      });
    } else if (request.chain === 'solana' && deps.solana && deps.solana.programId === request.contractId && request.resolveTx) {
      // The program closes a settled request's account: the settling event in the resolve transaction is the record.
      const solana = deps.solana;
      const resolveTx = request.resolveTx;
      chain = await solanaSettlementView(solana, resolveTx, request.requestId).then(
        (view) => {
          if (!view) chainError = `transaction ${resolveTx} carries no settlement of request ${request.requestId}`;
          return view ? { ...view } : null;
        },
        (e: unknown) => {
          chainError = e instanceof Error ? e.message : String(e);
          return null;
        },
      );
    }
    res.json({ request, jobs, events, chain, chainError });
  });
  r.get('/dashboard/requests/:id/transcript', async (req, res) => {
    const id = requestIdParam(req);
    const signal = routeSignal(res, ctx.shutdown);
    if (!(await getDashboardRequest(ctx.service.db, id, signal))) throw new ErrandError('COORDINATOR__REQUEST_NOT_FOUND', `no request ${id}`, { id });
    res.json(await getDashboardTranscript(ctx.service.db, id, signal));
  });
  r.get('/dashboard/requests/:id/stream', (req, res) => changeStream(ctx, req, res, requestIdParam(req)));
  r.get('/dashboard/jobs/:jobId/logs', jobLogStream(ctx));
  r.get('/dashboard/workers', async (_req, res) => {
    const signal = routeSignal(res, ctx.shutdown);
    const workers = await listWorkerOverview(ctx.service.db, signal);
    const near = deps.near;
    const onChain = near ? await Promise.all(workers.map((w) => near.client.getWorker(w.id, signal).catch(() => null))) : workers.map(() => null);
    res.json({ workers: workers.map((w, i) => ({ ...w, chain: onChain[i] ?? null })) });
  });
  r.get('/dashboard/solana/workers', async (_req, res) => {
    const solana = solanaOf(deps);
    const [onChain, ledger] = await Promise.all([solana.client.listWorkers(), listWorkerOverview(ctx.service.db, routeSignal(res, ctx.shutdown))]);
    // A ledger worker is matched by the key it registered with (ed25519:<authority>, as errand dev registers Solana-only workers).
    const byKey = new Map(ledger.flatMap((w) => (w.publicKey ? [[w.publicKey, w.id] as const] : [])));
    res.json({
      programId: solana.programId,
      workers: onChain.map((w) => ({
        authority: w.authority.toBase58(),
        stakeLamports: w.stake.toString(),
        status: w.status,
        registeredSlot: w.registeredSlot.toString(),
        measurement: w.measurement.toString('hex'),
        coordinatorWorker: byKey.get(`ed25519:${w.authority.toBase58()}`) ?? null,
      })),
    });
  });
  r.get('/dashboard/secrets', async (req, res) => {
    const q = parse(secretsListQuery, req.query, 'query');
    if (q.chain === 'solana') {
      // Read from the program's Secrets accounts (a memcmp on the owner field): key and rent only, never the envelope.
      const entries = await listSolanaSecrets(solanaOf(deps).client, new PublicKey(q.owner));
      res.json({ owner: q.owner, entries });
      return;
    }
    res.json({ owner: q.owner, entries: await listSecretsOnChain(nearOf(deps).client, q.owner, routeSignal(res, ctx.shutdown)) });
  });
  r.get('/dashboard/estimate', async (req, res) => {
    const q = parse(estimateQuery, req.query, 'query');
    const limits = { maxInstructions: q.maxInstructions, maxMemoryMb: q.maxMemoryMb, maxExecutionMs: q.maxExecutionMs, maxCompileMs: q.maxCompileMs };
    if (q.chain === 'solana') {
      // The program's pricing (its config account) applied as the program applies it (pricing.ts); input size is free there.
      const lamports = await solanaOf(deps).client.estimateCost({
        maxInstructions: BigInt(q.maxInstructions),
        maxMemoryMb: BigInt(q.maxMemoryMb),
        maxExecutionMs: BigInt(q.maxExecutionMs),
        maxCompileMs: BigInt(q.maxCompileMs),
      });
      res.json({ chain: q.chain, limits, lamports: lamports.toString() });
      return;
    }
    const near = nearOf(deps);
    const cost = await near.client.estimateCost(limits, routeSignal(res, ctx.shutdown), q.inputBytes === undefined ? {} : { inputBytes: q.inputBytes });
    res.json({ chain: q.chain, limits, yocto: cost.toString() });
  });
}
