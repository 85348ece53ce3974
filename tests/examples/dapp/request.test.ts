/**
 * examples/dapp/request.ts against the real errand.wasm on the local chain: the script as a
 * process (estimate, request, wait, result, settled lines, exit 0) while the test resolves as the
 * worker; a worker-reported error (exit 1); options from flags and environment; bad arguments.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, requestAndWait } from '../../../examples/dapp/request.ts';
import { parseRequestOptions } from '../../../examples/dapp/requestOptions.ts';
import { ALICE, balance, ERRAND, nextRequested, resolveAsWorker, startWorld, type World } from './support.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const used = { instructions: 2_000_000, timeMs: 30, compileTimeMs: 0 };

function runScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'examples/dapp/request.ts', ...args], {
      cwd: repoRoot,
      env: { ...process.env, NEAR_KEY_FILE: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('examples/dapp/request.ts: request an execution and wait for the result', function () {
  this.timeout(120_000);
  let world: World | undefined;
  let dir: string;
  let keyFile: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'errand-dapp-request-'));
    keyFile = path.join(dir, 'alice.test.json');
  });
  afterEach(async () => {
    await world?.close();
    world = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  async function writeKey(w: World): Promise<void> {
    // near-cli's credentials format (~/.near-credentials/<network>/<account>.json).
    await writeFile(keyFile, JSON.stringify({ account_id: ALICE, private_key: w.near.secretKeyOf(ALICE) }));
    await chmod(keyFile, 0o600);
  }

  it('as a process: prints the estimate, the request id, the result and how it settled; exit 0', async () => {
    world = await startWorld({ withDapp: false });
    await writeKey(world);
    const aliceBefore = balance(world.near, ALICE);
    const run = runScript([
      '--rpc-url',
      world.near.rpcUrl,
      '--contract',
      ERRAND,
      '--account',
      ALICE,
      '--key-file',
      keyFile,
      '--repo',
      'https://example.com/upper.git',
      '--commit',
      'v1',
      '--input',
      'hello errand',
      '--max-compile-ms',
      '1000',
    ]);
    const req = await nextRequested(world);
    assert.equal(req.input, 'hello errand');
    assert.deepEqual(req.source, { kind: 'git', repo: 'https://example.com/upper.git', commit: 'v1', target: 'wasm32-wasip1' });
    assert.deepEqual(req.limits, { maxInstructions: 10_000_000, maxMemoryMb: 64, maxExecutionMs: 2000, maxCompileMs: 1000 });
    await resolveAsWorker(world, req.requestId, { success: true, output: { format: 'text', value: 'HELLO ERRAND' }, resourcesUsed: used });
    const { code, stdout, stderr } = await run;
    assert.equal(code, 0, `stdout: ${stdout}\nstderr: ${stderr}`);
    const deposit = await world.errandAs(ALICE).estimateCost(req.limits, undefined, { inputBytes: Buffer.byteLength('hello errand') });
    assert.match(stdout, new RegExp(`^estimate: deposit=${deposit} yoctoNEAR \\(0\\.\\d{6} NEAR\\)$`, 'm'));
    assert.match(stdout, new RegExp(`^requested: request_id=${req.requestId} tx=\\w+$`, 'm'));
    const result = JSON.parse(/^result: (.*)$/m.exec(stdout)?.[1] ?? 'null') as Record<string, unknown>;
    assert.deepEqual(result['output'], { format: 'text', value: 'HELLO ERRAND' });
    assert.equal(result['success'], true);
    const view = await world.errandAs(ALICE).getRequestRaw(req.requestId);
    assert.match(
      stdout,
      new RegExp(
        `^settled: status=resolved charged=${String(view?.['charged'])} refunded=${String(view?.['refunded'])} storage_fee=${String(view?.['storage_fee'])} payer=${ALICE}$`,
        'm',
      ),
    );
    assert.equal(
      aliceBefore - balance(world.near, ALICE),
      BigInt(String(view?.['charged'])) + BigInt(String(view?.['storage_fee'])),
      "the requester paid exactly the charge and the record's storage fee",
    );
    assert.ok(!stdout.includes(world.near.secretKeyOf(ALICE).slice(8)) && !stderr.includes(world.near.secretKeyOf(ALICE).slice(8)), 'the key is never printed');
  });

  it('prints an error response and returns 1 when the worker reports a failure', async () => {
    world = await startWorld({ withDapp: false });
    await writeKey(world);
    const opts = await parseRequestOptions(
      [
        '--rpc-url',
        world.near.rpcUrl,
        '--contract',
        ERRAND,
        '--account',
        ALICE,
        '--key-file',
        keyFile,
        '--repo',
        'https://example.com/x.git',
        '--commit',
        'main',
      ],
      {},
    );
    assert.ok(opts);
    const lines: string[] = [];
    const done = requestAndWait(opts, (l) => lines.push(l));
    const req = await nextRequested(world);
    await resolveAsWorker(world, req.requestId, { success: false, error: { code: 'EXECUTOR__TRAP', message: 'unreachable' }, resourcesUsed: used });
    assert.equal(await done, 1);
    const result = JSON.parse(lines.find((l) => l.startsWith('result: '))?.slice(8) ?? 'null') as Record<string, unknown>;
    assert.deepEqual(result['error'], { code: 'EXECUTOR__TRAP', message: 'unreachable' });
  });

  it('takes options from the environment when flags are absent; flags win', async () => {
    await writeFile(keyFile, `ed25519:${'3'.repeat(88)}\n`);
    const env = { NEAR_RPC_URL: 'http://127.0.0.1:3030', ERRAND_CONTRACT_ID: 'errand.testnet', NEAR_ACCOUNT_ID: 'alice.testnet', NEAR_KEY_FILE: keyFile };
    const o = await parseRequestOptions(
      ['--repo', 'file:///tmp/r', '--commit', 'abc', '--target', 'wasm32-wasip2', '--path', 'app', '--account', 'bob.testnet'],
      env,
    );
    assert.ok(o);
    assert.deepEqual(
      { rpc: o.rpcUrl, contract: o.contractId, account: o.accountId, key: o.secretKey },
      { rpc: env.NEAR_RPC_URL, contract: 'errand.testnet', account: 'bob.testnet', key: `ed25519:${'3'.repeat(88)}` },
    );
    assert.deepEqual(o.source, { kind: 'git', repo: 'file:///tmp/r', commit: 'abc', target: 'wasm32-wasip2', path: 'app' });
    assert.equal(o.input, '');
  });

  it('refuses bad arguments with a coded message naming the flag (exit 2), never echoing the key file', async () => {
    const secretish = 'not-a-key-but-secret-looking-text';
    await writeFile(keyFile, secretish);
    const goodKey = path.join(dir, 'good.key');
    await writeFile(goodKey, `ed25519:${'3'.repeat(88)}`);
    const base = ['--rpc-url', 'http://127.0.0.1:1', '--contract', 'errand.test', '--account', ALICE, '--repo', 'https://e.com/r.git', '--commit', 'c'];
    const cases: [string[], RegExp][] = [
      [base, /--key-file: required \(or set NEAR_KEY_FILE\)/],
      [[...base, '--key-file', keyFile], /--key-file: .* is not an ed25519:<base58> secret key/],
      [[...base, '--key-file', path.join(dir, 'missing.json')], /--key-file: cannot read .*ENOENT/],
      [[...base, '--key-file', goodKey, '--max-instructions', '0'], /--max-instructions: expected an integer >= 1/],
      [[...base, '--key-file', goodKey, '--target', 'x86'], /--target: wasm32-wasip1 or wasm32-wasip2/],
      [[...base, '--nope'], /Unknown option '--nope'/],
    ];
    const errors: string[] = [];
    const realError = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      for (const [argv, re] of cases) {
        errors.length = 0;
        const saved = process.env['NEAR_KEY_FILE'];
        delete process.env['NEAR_KEY_FILE'];
        try {
          assert.equal(await main(argv), 2, argv.join(' '));
        } finally {
          if (saved !== undefined) process.env['NEAR_KEY_FILE'] = saved;
        }
        assert.match(errors.join('\n'), re);
        assert.match(errors.join('\n'), /\(COMMON__INVALID_ARGUMENT\)/);
        assert.ok(!errors.join('\n').includes(secretish), 'the key file content is never printed');
      }
    } finally {
      console.error = realError;
    }
  });
});
