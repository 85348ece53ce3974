import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isErrandError } from '../../../common/errors/index.ts';
import { readBuildOutput } from '../../../worker/sandbox/index.ts';
import { tempDir } from '../helpers/gitRepo.ts';

describe('worker/sandbox: readBuildOutput (the one way build outputs are read)', () => {
  let scratch: ReturnType<typeof tempDir>;
  beforeEach(() => (scratch = tempDir('errand-read-out-')));
  afterEach(() => scratch.remove());
  const read = (file = 'module.wasm', maxBytes = 1024) => readBuildOutput(scratch.dir, { file, maxBytes, target: 'wasm32-wasip1' });
  const refused = (code: 'WORKER__OUTPUT_INVALID' | 'WORKER__OUTPUT_TOO_LARGE', reason?: RegExp) => (e: unknown) => {
    assert.ok(isErrandError(e, code), String(e));
    if (reason && isErrandError(e, 'WORKER__OUTPUT_INVALID')) assert.match(e.context.reason, reason);
    return true;
  };

  it('reads a regular file and answers null when there is none', async () => {
    writeFileSync(path.join(scratch.dir, 'module.wasm'), 'abc');
    assert.equal(Buffer.from((await read())!).toString(), 'abc');
    assert.equal(await read('other.wasm'), null);
  });

  it('refuses symlinks, even to a file it could read', async () => {
    writeFileSync(path.join(scratch.dir, 'real.wasm'), 'abc');
    symlinkSync('real.wasm', path.join(scratch.dir, 'module.wasm'));
    await assert.rejects(read(), refused('WORKER__OUTPUT_INVALID', /symlink/));
  });

  it('refuses a fifo without blocking on it', async () => {
    execFileSync('mkfifo', [path.join(scratch.dir, 'module.wasm')]);
    await assert.rejects(read(), refused('WORKER__OUTPUT_INVALID', /not a regular file/));
  });

  it('refuses a file over the cap, and names outside the directory', async () => {
    writeFileSync(path.join(scratch.dir, 'module.wasm'), Buffer.alloc(1025));
    await assert.rejects(read(), refused('WORKER__OUTPUT_TOO_LARGE'));
    writeFileSync(path.join(scratch.dir, 'module.wasm'), Buffer.alloc(1024));
    assert.equal((await read())!.byteLength, 1024);
    await assert.rejects(read('../module.wasm'), refused('WORKER__OUTPUT_INVALID', /plain file name/));
  });
});
