/**
 * `errand dev` on a machine whose bubblewrap does not work: it probes by a real run at start, says
 * what is missing and the one command that installs it before "ready", and still serves.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireTools } from '../setup/requireTools.ts';
import { startDev, type DevProcess } from './helpers/devProcess.ts';

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
    assert.match(out, /errand dev: missing bubblewrap \(the OS sandbox every compile runs in\) \(bwrap: setting up uid map: Permission denied\): every build runs in it, so every request .* will fail at compile time; install it with: apt-get install bubblewrap\n/);
    assert.ok(missing < out.indexOf('errand dev: ready'), 'the missing piece is said before ready');
    assert.doesNotMatch(out, /missing the (C|Rust) toolchain/);
    const health = await fetch(`${dev.stack.coordinatorUrl}/health`);
    assert.ok(health.status < 500, `coordinator answers: ${health.status}`);
  });
});

