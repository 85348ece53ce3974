/** examples/solana-request-script on the local Solana: the script's hand-encoded request_execution
 * is accepted by the committed errand.so with the program's own deposit estimate, and the script
 * finds the ExecutionResolved a registered worker (here: the test, through the project's client)
 * lands, with the output and the money as the program settled them. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PublicKey } from '@solana/web3.js';
import { settle } from '../../contracts/solana/client/index.ts';
import { LIMITS, main } from '../../examples/solana-request-script/request.ts';
import { requestExecution, waitForResolved } from '../../examples/solana-request-script/requestExecution.ts';
import { scratchDir } from '../setup/scratchDirs.ts';
import { startWithWorker, type RequestFixture } from '../solana/helpers.ts';

describe('examples/solana-request-script', function () {
  this.timeout(120_000);
  let f: RequestFixture;
  before(async () => {
    f = await startWithWorker();
  });
  after(async () => {
    await f.local.stop();
  });

  it('requests, and waits until a worker resolves: output, charge and refund as the program settled them', async () => {
    const conn = f.local.connection();
    const sent = await requestExecution(
      conn,
      f.requester,
      f.local.programId,
      { repo: 'https://github.com/errand/hello', commit: 'main' },
      Buffer.from('7 6'),
      LIMITS,
    );
    const onChain = (await f.client.getRequest(sent.request))!;
    assert.equal(onChain.requestId, sent.requestId);
    assert.equal(onChain.deposit, await f.client.estimateCost(LIMITS));
    const used = { instructions: 1_000n, timeMs: 5n, compileTimeMs: 100n };
    const waiting = waitForResolved(conn, f.local.programId, sent.request, 30_000, 50);
    await f.workerClient.resolveExecution(sent.request, f.requester.publicKey, {
      success: true,
      resourcesUsed: used,
      output: { kind: 'inline', data: Buffer.from('42\n') },
      error: '',
    });
    const r = await waiting;
    assert.equal(r.success, true);
    assert.equal(r.output?.toString(), '42\n');
    assert.equal(r.requestId, sent.requestId);
    const expected = settle(onChain.pricing, onChain.limits, onChain.deposit, onChain.protocolFeeBps, true, used);
    assert.equal(r.charged, expected.charged);
    assert.equal(r.refund, expected.refund);
  });

  it('the command line: exit 1 with the error when the execution failed, 2 on bad arguments', async () => {
    const file = join(scratchDir('errand-solreq-'), 'payer.json');
    writeFileSync(file, JSON.stringify([...f.requester.secretKey]));
    const lines: string[] = [];
    const [log, err] = [console.log, console.error];
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    console.error = (...a: unknown[]) => void lines.push(a.join(' '));
    try {
      assert.equal(await main(['--rpc-url', f.local.url]), 2);
      const run = main([
        '--rpc-url',
        f.local.url,
        '--ws-url',
        f.local.wsUrl,
        '--program',
        f.local.programId.toBase58(),
        '--keypair',
        file,
        '--repo',
        'https://github.com/errand/hello',
        '--commit',
        'main',
        '--timeout-ms',
        '30000',
      ]);
      let address: string | undefined;
      while (!(address = /at (\S+),/.exec(lines.join('\n'))?.[1])) await new Promise((r) => setTimeout(r, 50));
      await f.workerClient.resolveExecution(new PublicKey(address), f.requester.publicKey, {
        success: false,
        resourcesUsed: { instructions: 0n, timeMs: 0n, compileTimeMs: 0n },
        output: { kind: 'none' },
        error: 'build failed',
      });
      assert.equal(await run, 1);
    } finally {
      [console.log, console.error] = [log, err];
    }
    assert.ok(
      lines.some((l) => l === 'error: build failed'),
      lines.join('\n'),
    );
  });
});
