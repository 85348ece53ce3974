/**
 * `errand dev` on a machine whose bubblewrap does not work: it probes by a real run at start, says
 * what is missing and the one command that installs it before "ready", and still serves.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { requireTools } from '../setup/requireTools.ts';
import { errand, startDev, type DevProcess } from './helpers/devProcess.ts';

describe('cli: errand dev probes its sandbox and toolchains at start', function () {
  this.timeout(300_000);
  let root: string | undefined;
  let dev: DevProcess | undefined;
  before(async function () {
    await requireTools(this, ['clang-14', 'rustc']);
    root = mkdtempSync(path.join(os.tmpdir(), 'errand-devprobe-'));
    // A bwrap that is on PATH but cannot create a sandbox: a PATH lookup would call it installed.
    // Readable by the unprivileged uid a root worker starts bwrap as (through setpriv).
    chmodSync(root, 0o755);
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'bwrap'), '#!/bin/sh\necho "bwrap: setting up uid map: Permission denied" >&2\nexit 1\n');
    chmodSync(path.join(bin, 'bwrap'), 0o755);
  });
  after(async () => {
    await dev?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('prints the missing piece with its install command before ready, and keeps serving', async () => {
    dev = await startDev(path.join(root!, 'data'), { env: { PATH: `${path.join(root!, 'bin')}:${process.env.PATH ?? ''}` } });
    const out = dev.output();
    const missing = out.indexOf('errand dev: missing bubblewrap');
    assert.ok(missing >= 0, out);
    assert.match(
      out,
      /errand dev: missing bubblewrap \(the OS sandbox compiles run in\) \(bwrap: setting up uid map: Permission denied\): C, Rust and JavaScript requests will fail at compile time \(in development mode AssemblyScript still compiles, with its npm compiler in a worker thread\); install it with: apt-get install bubblewrap\n/,
    );
    assert.ok(missing < out.indexOf('errand dev: ready'), 'the missing piece is said before ready');
    assert.doesNotMatch(out, /missing the (C|Rust) toolchain/);
    const health = await fetch(`${dev.stack.coordinatorUrl}/health`);
    assert.ok(health.status < 500, `coordinator answers: ${health.status}`);
  });

  it('builds an AssemblyScript request end to end without bubblewrap (npm compiler in a worker thread)', async () => {
    const r = await errand(['request', 'examples/assemblyscript-hello', '--input', 'probe', '--wait', '--json', '--data-dir', dev!.dataDir]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const result = JSON.parse(r.stdout) as { success: boolean; output: { value: string } };
    assert.equal(result.success, true, r.stdout);
    assert.equal(result.output.value, 'Hello, probe!\n');
    const logs = await errand(['logs', String((JSON.parse(r.stdout) as { requestId: string }).requestId), '--data-dir', dev!.dataDir]);
    assert.match(logs.stdout + logs.stderr, /npm compilers, in-process/);
  });

  it('fails a C request in the same setting with the coded error naming the package', async () => {
    const r = await errand(['request', 'examples/c-compute', '--input', '1000 10', '--wait', '--json', '--data-dir', dev!.dataDir]);
    const text = r.stdout + r.stderr;
    assert.match(text, /WORKER__BUILD_NEEDS_SANDBOX/, text);
    assert.match(text, /install it with: apt-get install bubblewrap/, text);
  });

  it('the demo runs the AssemblyScript example without bubblewrap and says why', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${path.join(root!, 'bin')}:${process.env.PATH ?? ''}` };
    delete env['DATABASE_URL'];
    delete env['REDIS_URL'];
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(
        process.execPath,
        ['bin/errand.mjs', 'dev', '--demo', '--data-dir', path.join(root!, 'demo')],
        {
          env,
          timeout: 240_000,
        },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
      );
    });
    assert.equal(r.code, 0, r.out);
    assert.match(
      r.out,
      /program: assemblyscript-hello — bubblewrap is missing, so C and Rust cannot compile here; AssemblyScript compiles without it .*install it with: apt-get install bubblewrap/,
    );
    assert.match(r.out, /demo: the result matches the expected output/);
  });
});
