/**
 * Every `errand` command answers --help, -h and `errand help CMD` with its usage and exit 0, and an
 * unknown flag with its usage and exit 2. Run in-process over every command file (cheap), and once
 * as a child process, as a user would.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { main } from '../../cli/main.ts';

const exec = promisify(execFile);
const commands = readdirSync('cli/commands')
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3));

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe('cli: help and bad flags for every command', function () {
  this.timeout(60_000);

  it('lists the commands a newcomer looks for', () => {
    for (const name of ['request', 'status', 'logs', 'dev', 'run', 'build', 'secrets', 'worker']) assert.ok(commands.includes(name), name);
  });

  for (const name of commands) {
    it(`${name}: --help, -h and help ${name} print its usage and exit 0; an unknown flag prints it and exits 2`, async () => {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const r = await capture(argv);
        assert.equal(r.code, 0, argv.join(' '));
        assert.match(r.out, new RegExp(`^usage: errand ${name}\\b`, 'm'), argv.join(' '));
      }
      const bad = await capture([name, '--no-such-flag-xyz']);
      assert.equal(bad.code, 2, `${name} --no-such-flag-xyz: ${bad.err}`);
      assert.match(bad.err, /usage: errand/);
    });
  }

  it('as a child process: errand help request exits 0 with the usage; an unknown command exits 2', async () => {
    const { stdout } = await exec(process.execPath, ['bin/errand.mjs', 'help', 'request']);
    assert.match(stdout, /^usage: errand request SOURCE/);
    await assert.rejects(exec(process.execPath, ['bin/errand.mjs', 'no-such-command']), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr, /CLI__UNKNOWN_COMMAND/);
      return true;
    });
  });
});
