/**
 * `npm run demo` as a user runs it, end to end, and the README's demo transcript checked against
 * what the current code prints (numbers, hashes and paths masked), so the README cannot go stale.
 * `UPDATE_DEMO_TRANSCRIPT=1 npx mocha tests/cli/demoTranscript.test.ts` rewrites the README block
 * from a fresh run.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireTools } from '../setup/requireTools.ts';

const exec = promisify(execFile);
const START = '<!-- demo-transcript:start (written by tests/cli/demoTranscript.test.ts) -->';
const END = '<!-- demo-transcript:end -->';

/** The shape of a line: what changes from run to run (numbers, hashes, paths, ports) masked. */
export function shape(line: string): string {
  return line
    .replace(/\(tx [^)]*\)/g, '(tx …)')
    .replace(/file:\/\/\S+/g, 'file://…')
    .replace(/\/\S*\/(?=\S)/g, '/…/')
    .replace(/[A-Za-z0-9_-]{20,}/g, '…')
    .replace(/\b[0-9a-f]{6,}\b…?/g, '…')
    .replace(/\d[\d,.]*/g, 'N')
    .replace(/(…)+/g, '…');
}

function readmeBlock(readme: string): string[] {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  assert.ok(from >= 0 && to > from, 'README.md has no demo transcript block');
  return readme
    .slice(from + START.length, to)
    .replace(/^\s*```\w*\n|```\s*$/g, '')
    .trim()
    .split('\n');
}

describe('cli: npm run demo, and the README transcript it produces', function () {
  before(async function () {
    await requireTools(this, ['bwrap', 'clang-14']);
  });
  this.timeout(600_000);

  it('runs one secret-using request end to end, exits 0, and prints what the README shows', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'errand-demo-'));
    const env = { ...process.env };
    delete env['DATABASE_URL'];
    delete env['REDIS_URL'];
    try {
      const { stdout } = await exec('npm', ['run', '--silent', 'demo', '--', '--data-dir', dataDir], { env, timeout: 500_000, maxBuffer: 8 * 1024 * 1024 });
      const lines = stdout.trim().split('\n');
      assert.ok(
        lines.some((l) => l === 'demo: the result matches the expected output'),
        stdout,
      );
      const readmePath = 'README.md';
      const readme = readFileSync(readmePath, 'utf8');
      if (process.env['UPDATE_DEMO_TRANSCRIPT'] === '1') {
        const from = readme.indexOf(START);
        const to = readme.indexOf(END);
        writeFileSync(readmePath, `${readme.slice(0, from + START.length)}\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n${readme.slice(to)}`);
        return;
      }
      // The stack's step lines ("  · claimed …") arrive as the stack reports them, interleaved with the
      // demo's own lines in whatever order the two happen to run: each sequence is compared in order.
      const stale = 'README.md demo transcript is stale: run UPDATE_DEMO_TRANSCRIPT=1 npx mocha tests/cli/demoTranscript.test.ts';
      const isStep = (l: string): boolean => l.startsWith('  · ');
      const shown = readmeBlock(readme).map(shape);
      const printed = lines.map(shape);
      assert.deepEqual(
        shown.filter((l) => !isStep(l)),
        printed.filter((l) => !isStep(l)),
        stale,
      );
      assert.deepEqual(shown.filter(isStep), printed.filter(isStep), stale);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
