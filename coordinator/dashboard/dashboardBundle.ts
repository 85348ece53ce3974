/**
 * Builds the dashboard from its TypeScript sources (dashboard/src/) with esbuild's API, in memory,
 * once per process: nothing generated is committed or written to disk, so a fresh clone serves the
 * page after `npm ci` alone. The build is started when the coordinator starts and awaited by the
 * first request for the page. Assets are served gzipped when the browser accepts it, with a
 * content hash in their URL so they can be cached for good.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const dashboardDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dashboard');

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  /** The URL path it is served at (content-hashed, except the page itself). */
  path: string;
}

export interface DashboardBundle {
  page: Asset;
  script: Asset;
  style: Asset;
  /** Gzipped size of everything the first load fetches, in bytes. */
  gzipBytes: number;
}

function asset(body: Buffer, type: string, name: string | null): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { body, gzip: gzipSync(body, { level: 9 }), type, path: name === null ? '/' : `/dashboard/${name.replace('*', hash)}` };
}

export async function buildDashboard(): Promise<DashboardBundle> {
  const out = await build({
    entryPoints: [path.join(dashboardDir, 'src/main.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = out.outputFiles[0];
  if (!js) throw new Error('dashboard build produced no output');
  const script = asset(Buffer.from(js.contents), 'text/javascript; charset=utf-8', 'app-*.js');
  const style = asset(await readFile(path.join(dashboardDir, 'src/styles.css')), 'text/css; charset=utf-8', 'app-*.css');
  const html = (await readFile(path.join(dashboardDir, 'index.html'), 'utf8')).replace('%SCRIPT%', script.path).replace('%STYLE%', style.path);
  const page = asset(Buffer.from(html), 'text/html; charset=utf-8', null);
  return { page, script, style, gzipBytes: page.gzip.length + script.gzip.length + style.gzip.length };
}

let cached: Promise<DashboardBundle> | undefined;

/** The one build of this process (a failed build is retried on the next call). */
export function dashboardBundle(): Promise<DashboardBundle> {
  cached ??= buildDashboard().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}
