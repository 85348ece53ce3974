/** The http capability on the Solana program: host rules identical to NEAR's (isHostPattern),
 * bounds refused with InvalidHttp, the price at the capability's maxima, the capability in the
 * account and the event (and through the watcher's conversion), and resolve's transcript hash and
 * HTTP usage: charged as NEAR charges them, refused without the capability. The HTTP prices are
 * Config fields the owner sets (NEAR's per_http_request, per_http_kib); a request keeps the prices
 * it was paid at. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Keypair } from '@solana/web3.js';
import { isHostPattern, type HttpCapability } from '../../common/types/index.ts';
import { estimateCost, settle, SolanaChainReader, type ErrandSolanaClient } from '../../contracts/solana/client/index.ts';
import { errandEventPayloads, requestedSourceAndInput } from '../../contracts/solana/client/requestedEvent.ts';
import { programEvents, toChainEvent } from '../../contracts/solana/client/watcher/index.ts';
import type { LocalSolana } from '../../contracts/solana/local/index.ts';
import { balance, LIMITS, rejectsWith, SOURCE, startWithWorker, testConfig } from './helpers.ts';
import type { EventData } from './helpers.ts';

const HTTP: HttpCapability = { allow: ['api.example.com', '*.example.org:8443'], maxRequests: 4, maxResponseBytes: 4096 };

/** borsh(Vec<String>): what the account's http_allow_hash is taken over. */
function borshAllow(allow: string[]): Buffer {
  const parts = [Buffer.alloc(4)];
  parts[0]!.writeUInt32LE(allow.length);
  for (const a of allow) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(Buffer.byteLength(a));
    parts.push(len, Buffer.from(a));
  }
  return Buffer.concat(parts);
}

describe('solana program: http capability', function () {
  this.timeout(120_000);
  let local: LocalSolana;
  let requester: Keypair;
  let worker: Keypair;
  let client: ErrandSolanaClient;
  let workerClient: ErrandSolanaClient;
  const input = { kind: 'inline' as const, data: Buffer.from('a') };

  before(async () => {
    ({ local, requester, worker, client, workerClient } = await startWithWorker());
  });
  after(async () => {
    await local.stop();
  });

  it('accepts exactly the host patterns NEAR accepts (isHostPattern), and refuses the rest with InvalidHttp', async () => {
    const cases = [
      'api.example.com',
      '*.example.org',
      '127.0.0.1:8080',
      'a.example:65535',
      'localhost',
      'xn--d1a-1a.example',
      'API.example.com',
      '*.com',
      '*.',
      'a.example:70000',
      'a.example:0',
      'a.example:080',
      'a.example:',
      'https://api.example.com',
      'a..example',
      '-a.example',
      'a-.example',
      'a.*.example',
      'a_b.example',
      `${'a'.repeat(64)}.example`,
      `${'a.'.repeat(127)}ab`,
      // The longest pattern: a 253-character name after the wildcard, and a 5-digit port.
      `*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}:65535`,
      `*.${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}:65535`,
      '',
    ];
    let nonce = 100n;
    for (const host of cases) {
      const p = client.requestExecution({ source: SOURCE, input, limits: LIMITS, nonce: nonce++, http: { ...HTTP, allow: [host] } });
      if (isHostPattern(host)) await p;
      else await rejectsWith(p, 'InvalidHttp');
    }
    assert.ok(cases.filter((c) => isHostPattern(c)).length >= 5, 'the accepted half is exercised');
  });

  it('refuses bounds NEAR refuses: no hosts, 17 hosts, 0 or 257 requests, 0 or 16 MiB + 1 bytes', async () => {
    const bad: HttpCapability[] = [
      { ...HTTP, allow: [] },
      { ...HTTP, allow: Array.from({ length: 17 }, (_, i) => `h${i}.ex`) },
      { ...HTTP, maxRequests: 0 },
      { ...HTTP, maxRequests: 257 },
      { ...HTTP, maxResponseBytes: 0 },
      { ...HTTP, maxResponseBytes: (16 << 20) + 1 },
    ];
    for (const http of bad) await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: LIMITS, deposit: 10n ** 9n, http }), 'InvalidHttp');
    // At the bounds: accepted.
    await client.requestExecution({
      source: SOURCE,
      input,
      limits: LIMITS,
      http: { allow: Array.from({ length: 16 }, (_, i) => `h${i}.ex`), maxRequests: 256, maxResponseBytes: 16 << 20 },
    });
  });

  it('prices the capability at its maxima: the estimate grows by requests and KiB, a deposit below it is refused', async () => {
    const { pricing } = await client.getConfig();
    assert.ok(pricing.perHttpRequest > 0n && pricing.perHttpKib > 0n);
    const plain = await client.estimateCost(LIMITS);
    const withHttp = await client.estimateCost(LIMITS, HTTP);
    assert.equal(withHttp - plain, 4n * pricing.perHttpRequest + 4n * pricing.perHttpKib);
    const more = await client.estimateCost(LIMITS, { ...HTTP, maxResponseBytes: 4097 });
    assert.equal(more - withHttp, pricing.perHttpKib, 'a started KiB is a whole KiB');
    await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP, deposit: withHttp - 1n }), 'DepositTooSmall');
    await client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP, deposit: withHttp });
  });

  it('keeps the capability in the request account and logs it in ExecutionRequested; the watcher reads it as NEAR does', async () => {
    const sent = await client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP });
    const view = (await client.getRequest(sent.request))!;
    assert.deepEqual(view.http, {
      maxRequests: 4n,
      maxResponseBytes: 4096n,
      allowHash: createHash('sha256').update(borshAllow(HTTP.allow)).digest(),
    });
    const ev = sent.event.data as EventData;
    assert.deepEqual(ev.http.allow, HTTP.allow);
    assert.equal(ev.http.maxRequests.toString(), '4');
    assert.equal(ev.http.maxResponseBytes.toString(), '4096');
    const programId = client.programId.toBase58();
    const chainEvent = programEvents(client.program.coder, programId, sent.logs)
      .map((e) => toChainEvent(e, programId, sent.slot))
      .find((e) => e?.kind === 'execution_requested');
    assert.ok(chainEvent?.kind === 'execution_requested');
    assert.deepEqual(chainEvent.request.http, HTTP);
    // The keystore's reader: the hosts from the event, believed because they hash to the account's.
    const read = await new SolanaChainReader(local.connection()).getRequest(programId, sent.requestId.toString());
    assert.deepEqual(read?.http, HTTP);
    const payload = errandEventPayloads(sent.logs, programId).find((p) => p.subarray(8, 40).equals(sent.request.toBuffer()))!;
    const forged = Buffer.from(payload);
    forged[forged.indexOf(Buffer.from('api.example.com'))] = 'b'.charCodeAt(0); // bpi.example.com
    assert.throws(() => requestedSourceAndInput([forged], { ...view, address: sent.request.toBytes() }), /not the request account's/);

    const plain = await client.requestExecution({ source: SOURCE, input, limits: LIMITS });
    assert.equal((await client.getRequest(plain.request))!.http, null);
    assert.equal((plain.event.data as EventData).http, null);
  });

  it('resolve logs the transcript hash and charges HTTP usage capped at the capability', async () => {
    const sent = await client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP });
    const view = (await client.getRequest(sent.request))!;
    const transcript = createHash('sha256').update('transcript').digest();
    const used = { instructions: 1_000n, timeMs: 10n, compileTimeMs: 0n };
    const httpUsed = { requests: 9n, responseBytes: 2_000n }; // 9 > 4 paid for: capped
    const w0 = await balance(local, worker.publicKey);
    const res = await workerClient.resolveExecution(sent.request, requester.publicKey, {
      success: true,
      resourcesUsed: used,
      output: { kind: 'inline', data: Buffer.from('ok') },
      error: '',
      transcriptSha256: transcript,
      httpUsed,
    });
    const ev = res.events.find((e) => e.name === 'executionResolved')!.data as EventData;
    assert.deepEqual(Buffer.from(ev.transcriptSha256 as number[]), transcript);
    assert.equal(ev.httpRequests.toString(), '4');
    assert.equal(ev.httpResponseBytes.toString(), '2000');
    const expect = settle(view.pricing, view.limits, view.deposit, view.protocolFeeBps, true, used, { capability: view.http, used: httpUsed });
    const noHttp = settle(view.pricing, view.limits, view.deposit, view.protocolFeeBps, true, used);
    assert.equal(expect.charged - noHttp.charged, 4n * view.pricing.perHttpRequest + 2n * view.pricing.perHttpKib);
    assert.equal(ev.charged.toString(), expect.charged.toString());
    assert.equal(await balance(local, worker.publicKey), w0 + expect.workerPayment - 5000n);
  });

  it('a request with http may be resolved without a transcript; one without http refuses a transcript or HTTP requests', async () => {
    const withHttp = await client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP });
    const result = { success: true, resourcesUsed: { instructions: 1n, timeMs: 1n, compileTimeMs: 0n }, output: { kind: 'none' as const }, error: '' };
    const res = await workerClient.resolveExecution(withHttp.request, requester.publicKey, result);
    const ev = res.events.find((e) => e.name === 'executionResolved')!.data as EventData;
    assert.equal(ev.transcriptSha256, null);

    const plain = await client.requestExecution({ source: SOURCE, input, limits: LIMITS });
    await rejectsWith(workerClient.resolveExecution(plain.request, requester.publicKey, { ...result, transcriptSha256: Buffer.alloc(32, 1) }), 'InvalidResult');
    await rejectsWith(
      workerClient.resolveExecution(plain.request, requester.publicKey, { ...result, httpUsed: { requests: 1n, responseBytes: 0n } }),
      'InvalidResult',
    );
    const ok = await workerClient.resolveExecution(plain.request, requester.publicKey, result);
    const plainEv = ok.events.find((e) => e.name === 'executionResolved')!.data as EventData;
    assert.equal(plainEv.transcriptSha256, null);
    assert.equal(plainEv.httpRequests.toString(), '0');
  });

  it('the owner sets the HTTP prices: estimate_cost and the deposit follow, a request settles at the prices it was paid at', async () => {
    const ownerClient = local.client(local.owner);
    const cfg = testConfig(local.owner);
    const before = await client.estimateCost(LIMITS, HTTP);
    const old = await client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP });
    const prices = { perHttpRequest: 7_000_000n, perHttpKib: 30_000n };
    await ownerClient.updateConfig({ ...cfg, pricing: { ...cfg.pricing, ...prices } });
    try {
      const config = await client.getConfig();
      assert.equal(config.pricing.perHttpRequest, prices.perHttpRequest);
      assert.equal(config.pricing.perHttpKib, prices.perHttpKib);
      const after = await client.estimateCost(LIMITS, HTTP);
      assert.equal(after, estimateCost(config.pricing, LIMITS, HTTP));
      assert.equal(after - (await client.estimateCost(LIMITS)), 4n * 7_000_000n + 4n * 30_000n, 'the new prices at the maxima');
      assert.ok(after > before);
      // The old estimate no longer pays for the capability; the new one does, and is what the client deposits.
      await rejectsWith(client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP, deposit: after - 1n }), 'DepositTooSmall');
      const fresh = await client.requestExecution({ source: SOURCE, input, limits: LIMITS, http: HTTP });
      const freshView = (await client.getRequest(fresh.request))!;
      assert.equal(freshView.deposit, after);
      assert.equal(freshView.pricing.perHttpRequest, prices.perHttpRequest);

      // The request paid before the change keeps its prices: resolve charges it at those.
      const oldView = (await client.getRequest(old.request))!;
      assert.equal(oldView.deposit, before);
      assert.equal(oldView.pricing.perHttpRequest, cfg.pricing.perHttpRequest);
      const used = { instructions: 1_000n, timeMs: 10n, compileTimeMs: 0n };
      const httpUsed = { requests: 2n, responseBytes: 1_500n };
      const result = { success: true, resourcesUsed: used, output: { kind: 'none' as const }, error: '', httpUsed };
      for (const [sent, view] of [
        [old, oldView],
        [fresh, freshView],
      ] as const) {
        const res = await workerClient.resolveExecution(sent.request, requester.publicKey, result);
        const ev = res.events.find((e) => e.name === 'executionResolved')!.data as EventData;
        const expect = settle(view.pricing, view.limits, view.deposit, view.protocolFeeBps, true, used, { capability: view.http, used: httpUsed });
        assert.equal(ev.charged.toString(), expect.charged.toString());
      }
    } finally {
      await ownerClient.updateConfig(cfg);
    }
    assert.equal(await client.estimateCost(LIMITS, HTTP), before, 'restored');
  });

  it('a non-owner cannot change the HTTP prices', async () => {
    const cfg = await client.getConfig();
    const args = { ...testConfig(local.owner), pricing: { ...cfg.pricing, perHttpRequest: 0n, perHttpKib: 0n } };
    await rejectsWith(client.updateConfig(args), 'NotOwner');
    await rejectsWith(client.updateConfig({ ...args, owner: requester.publicKey }), 'NotOwner');
    assert.deepEqual((await client.getConfig()).pricing, cfg.pricing);
  });
});
