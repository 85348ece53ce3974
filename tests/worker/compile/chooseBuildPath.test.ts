/**
 * `errand worker` decides its build path from a bubblewrap probe at start: the sandbox when it
 * works; the npm compilers in development mode when it does not (with a warning saying what will
 * fail); a refusal to start in production. The probe itself is tested in probeHost.test.ts.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { isErrandError } from '../../../common/errors/index.ts';
import { createLogger } from '../../../common/logger.ts';
import { useNpmCompilers } from '../../../worker/compile/npm/chooseBuildPath.ts';
import type { ProbeResult } from '../../../worker/sandbox/probeHost.ts';

const broken = async (): Promise<ProbeResult[]> => [{ tool: 'bwrap', ok: false, detail: 'bwrap: not found' }];
const working = async (): Promise<ProbeResult[]> => [{ tool: 'bwrap', ok: true, detail: '' }];

function capturedLog(): { log: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const log = createLogger({ service: 'test' }, sink);
  log.level = 'warn'; // tests log nothing by default
  return { log, lines };
}

describe('errand worker: choosing the build path from a bubblewrap probe', () => {
  it('uses the sandbox when bubblewrap works', async () => {
    const { log } = capturedLog();
    assert.equal(await useNpmCompilers({ sandbox: 'bwrap', devMode: true, log }, working), false);
  });

  it('falls back to the npm compilers in development mode, and says what will fail', async () => {
    const { log, lines } = capturedLog();
    assert.equal(await useNpmCompilers({ sandbox: 'bwrap', devMode: true, log }, broken), true);
    assert.match(lines.join(''), /C and Rust will fail.*apt-get install bubblewrap|apt-get install bubblewrap.*C and Rust will fail/);
  });

  it('refuses to start in production (WORKER__SANDBOX_UNAVAILABLE naming the package)', async () => {
    const { log } = capturedLog();
    await assert.rejects(
      useNpmCompilers({ sandbox: 'bwrap', devMode: false, log }, broken),
      (e) => isErrandError(e, 'WORKER__SANDBOX_UNAVAILABLE') && /apt-get install bubblewrap/.test(e.message),
    );
  });

  it('does not probe bubblewrap for the Docker backend', async () => {
    const { log } = capturedLog();
    let probed = false;
    const spy = async (): Promise<ProbeResult[]> => ((probed = true), broken());
    assert.equal(await useNpmCompilers({ sandbox: 'docker', devMode: false, log }, spy), false);
    assert.equal(probed, false);
  });
});
