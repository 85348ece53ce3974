/**
 * GET / and the dashboard's assets: the page, its script and its stylesheet, all built from the
 * repository (coordinator/dashboard/dashboardBundle.ts) and served by the coordinator itself. The
 * Content-Security-Policy allows nothing from anywhere else: no external script, font or style,
 * and the page talks only to this coordinator.
 */
import type { Request, Response, Router } from 'express';
import { dashboardBundle, type Asset } from '../../dashboard/dashboardBundle.ts';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function send(req: Request, res: Response, a: Asset, immutable: boolean): void {
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  res.setHeader('Content-Type', a.type);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Vary', 'Accept-Encoding');
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.end(gzip ? a.gzip : a.body);
}

export function dashboardPageRoutes(r: Router): void {
  r.get('/', async (req, res) => send(req, res, (await dashboardBundle()).page, false));
  // Browsers ask for it on every first load; the page has none (a 404 would show as an error).
  r.get('/favicon.ico', (_req, res) => void res.status(204).end());
  r.get('/dashboard/:file', async (req, res, next) => {
    const b = await dashboardBundle();
    const a = [b.script, b.style].find((x) => x.path === req.path);
    if (!a) return next();
    send(req, res, a, true);
  });
}
