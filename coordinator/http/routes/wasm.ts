/**
 * WASM cache: PUT /wasm/:sha256 (raw bytes, verified), GET (download), HEAD (exists),
 * GET /wasm/by-source?key= (module for a pinned source key: the trusted one, else the caller's own build). The upload body is read here with
 * its own limit, so an oversized module is a coded 413 COORDINATOR__WASM_TOO_LARGE.
 */
import type { Router } from 'express';
import { ErrandError } from '../../../common/errors/index.ts';
import { assertSha256Hex } from '../../../common/types/index.ts';
import { principalOf } from '../../auth/authenticate.ts';
import type { RouteContext } from '../RouteContext.ts';
import { routeSignal } from '../callerSignal.ts';
import { readRawBody } from '../readRawBody.ts';
import { parse } from '../validate.ts';
import { bySourceAnswer, bySourceQuery, uploadWasmAnswer } from '../../api/index.ts';
import { reply } from '../../../common/http/reply.ts';

function tooLarge(bytes: number, limitBytes: number): ErrandError {
  return new ErrandError('COORDINATOR__WASM_TOO_LARGE', `module is over the ${limitBytes}-byte limit`, { bytes, limitBytes });
}

export function wasmRoutes(ctx: RouteContext, r: Router): void {
  const cache = ctx.service.cache;
  r.get('/wasm/by-source', async (req, res) => {
    const q = parse(bySourceQuery, req.query, 'query');
    const caller = principalOf(res);
    const workerId = caller.kind === 'worker' ? caller.workerId : ((res.locals.devWorkerId as string | undefined) ?? null);
    reply(res, bySourceAnswer, await cache.bySource(q.key, workerId, routeSignal(res, ctx.shutdown)));
  });
  r.put('/wasm/:sha256', async (req, res) => {
    const sha256 = String(req.params.sha256);
    assertSha256Hex(sha256);
    const limit = cache.limits.maxModuleBytes;
    const bytes = await readRawBody(req, limit, (size) => tooLarge(size, limit));
    const out = await cache.upload(sha256, bytes);
    if (out.created) ctx.service.metrics.wasmUploads.inc();
    ctx.service.metrics.wasmEvicted.inc(out.evicted.length);
    reply(res, uploadWasmAnswer, { sha256, bytes: bytes.length, created: out.created }, out.created ? 201 : 200);
  });
  r.head('/wasm/:sha256', async (req, res) => {
    const found = await cache.exists(String(req.params.sha256), routeSignal(res, ctx.shutdown));
    // An explicit empty length: a HEAD answer without one makes Node close the connection, and a
    // worker checking the cache would open a new socket per miss.
    if (!found) return void res.status(404).setHeader('Content-Length', '0').end();
    res.setHeader('Content-Length', String(found.bytes));
    res.setHeader('Content-Type', 'application/wasm');
    res.status(200).end();
  });
  r.get('/wasm/:sha256', async (req, res) => {
    const signal = routeSignal(res, ctx.shutdown);
    const { bytes, chunks } = await cache.stream(String(req.params.sha256), signal);
    const it = chunks[Symbol.asyncIterator]();
    // The first chunk before the headers: a module missing from the store is still a coded 404.
    let next = await it.next();
    res.type('application/wasm').setHeader('Content-Length', String(bytes));
    try {
      while (!next.done && !res.destroyed) {
        if (!res.write(next.value)) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
        next = await it.next();
      }
      res.end();
    } catch (err) {
      // Headers are gone: a damaged or vanished blob can only cut the transfer short, which the
      // worker sees as a failed download (and its own hash check would refuse the bytes anyway).
      ctx.log.warn({ err, sha256: req.params.sha256 }, 'module download cut short');
      res.destroy();
    } finally {
      await it.return?.();
    }
  });
}
