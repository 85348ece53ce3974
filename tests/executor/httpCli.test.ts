/**
 * `errand run FILE --http-allow HOST --record T.json`, then `--replay T.json` with the server gone:
 * the same output and fuel, from the recorded responses, with no network.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { scratchDir } from '../setup/scratchDirs.ts';
import { httpGuest } from './helpers/httpGuest.ts';
import { startServer } from './helpers/localHttpServer.ts';

const exec = promisify(execFile);

async function errandRun(args: string[]): Promise<{ result: { stdout: string; fuelUsed: number; transcriptSha256?: string } }> {
  const { stdout } = await exec(process.execPath, ['bin/errand.mjs', 'run', ...args, '--json'], { timeout: 120_000 });
  return { result: JSON.parse(stdout) as { stdout: string; fuelUsed: number; transcriptSha256?: string } };
}

describe('errand run --http-allow --record / --replay', function () {
  this.timeout(240_000);

  it('records a transcript, and replays it without the server to the same output and fuel', async () => {
    const server = await startServer((_req, _body, res) => res.end('{"price":3}'));
    const dir = scratchDir('errand-http-cli-');
    const file = path.join(dir, 'prog.wasm');
    const transcript = path.join(dir, 'T.json');
    const allow = `127.0.0.1:${server.port}`;
    await writeFile(file, await httpGuest([{ url: `${server.origin}/price` }]));
    let recorded: Awaited<ReturnType<typeof errandRun>>;
    try {
      recorded = await errandRun([file, '--http-allow', allow, '--record', transcript]);
    } finally {
      await server.close();
    }
    assert.equal(recorded.result.stdout, '{"price":3}\n');
    const saved = JSON.parse(await readFile(transcript, 'utf8')) as { exchanges: unknown[] };
    assert.equal(saved.exchanges.length, 1);
    const replayed = await errandRun([file, '--http-allow', allow, '--replay', transcript]);
    assert.equal(replayed.result.stdout, recorded.result.stdout);
    assert.equal(replayed.result.fuelUsed, recorded.result.fuelUsed);
    assert.equal(replayed.result.transcriptSha256, recorded.result.transcriptSha256);
  });

  it('refuses --record without --http-allow, with a usage error', async () => {
    await assert.rejects(exec(process.execPath, ['bin/errand.mjs', 'run', 'x.wasm', '--record', 'T.json']), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr, /--record and --replay need --http-allow HOST/);
      return true;
    });
  });
});
