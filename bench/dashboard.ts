/**
 * The dashboard's first load on `errand dev`: the whole dev stack (local chain, keystore,
 * coordinator; no workers needed), Debian's chromium with a fresh profile, and the time from
 * navigation start to the requests page showing its first data (the list rendered from
 * /v1/dashboard/requests; the page marks it), on the browser's own clock. Every load starts with the
 * browser's cache cleared; the figure is the median of LOADS such loads. The bundle's
 * build happens at coordinator start and is not counted: `errand dev` prints `ready` after it has
 * started, and the build is awaited here before the browser opens. bundle_kb is the gzipped size
 * of everything the first load fetches (page, script, stylesheet).
 * Goals: first_load_ms <= 500, bundle_kb <= 300.
 * Last line: `bench dashboard: first_load_ms=A bundle_kb=B`.
 */
import { startDevStack } from '../cli/dev/startDevStack.ts';
import { dashboardBundle } from '../coordinator/dashboard/dashboardBundle.ts';
import { launchChromium } from '../common/testing/launchChromium.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import path from 'node:path';
import pino from 'pino';
import { createLogger } from '../common/logger.ts';

const LOADS = 5;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** The page's own mark (dashboard/src/pages/requestsPage.ts), on the browser's clock from navigation start. */
async function firstDataMs(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('errand:first-data').length > 0, undefined, { timeout: 30_000 });
  return page.evaluate(() => performance.getEntriesByName('errand:first-data')[0]!.startTime);
}

export async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'errand-bench-dashboard-'));
  const stack = await startDevStack({
    dataDir,
    coordinatorPort: 0,
    startWorkers: false,
    log: createLogger({ service: 'bench' }, pino.destination('/dev/null')),
  });
  const browser = await launchChromium().catch(async (e: unknown) => {
    await stack.close();
    throw e;
  });
  try {
    const bundle = await dashboardBundle();
    const page = await browser.context.newPage();
    await page.goto('about:blank'); // the browser's own start-up is not the page's load
    const cdp = await browser.context.newCDPSession(page);
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      // Every load is a first load: nothing cached (HTTP cache and the script's code cache).
      await cdp.send('Network.clearBrowserCache');
      await page.goto('about:blank');
      await page.goto(`${stack.coordinator.url}/`);
      loads.push(await firstDataMs(page));
    }
    const firstLoadMs = Math.round(median(loads));
    const kb = (n: number): string => (n / 1024).toFixed(1);
    console.log(
      `dashboard: page ${kb(bundle.page.gzip.length)} KiB, script ${kb(bundle.script.gzip.length)} KiB (${kb(bundle.script.body.length)} KiB raw), stylesheet ${kb(bundle.style.gzip.length)} KiB, gzipped`,
    );
    console.log(
      `dashboard: navigation start to the requests list showing data, cold cache, ${LOADS} loads: ${loads.map(Math.round).join(', ')} ms (median ${firstLoadMs})`,
    );
    console.log(`bench dashboard: first_load_ms=${firstLoadMs} bundle_kb=${kb(bundle.gzipBytes)}`);
  } finally {
    await browser.close();
    await stack.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
