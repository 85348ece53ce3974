/**
 * The collateral and quote sources against local fakes: a PCS-shaped HTTP server on port 0
 * (cached per FMSPC, refetched when stale, refused when it cannot be refreshed), a dstack guest
 * agent on a unix socket, and the configfs-tsm provider's generation check and SNP certificate
 * table.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isErrandError } from '../../common/errors/index.ts';
import { PcsCollateralProvider } from '../../keystore/attestation/collateral/PcsCollateralProvider.ts';
import { parseDcapQuote } from '../../keystore/attestation/dcap/parseQuote.ts';
import { verifyDcapQuote } from '../../keystore/attestation/dcap/verifyDcapQuote.ts';
import { ConfigfsTsmQuoteProvider } from '../../worker/quote/ConfigfsTsmQuoteProvider.ts';
import { DstackQuoteProvider } from '../../worker/quote/DstackQuoteProvider.ts';
import { registeredAttestationKind } from '../../worker/quote/registeredAttestationKind.ts';
import { vcekFromCertTable } from '../../worker/quote/snpCertTable.ts';
import { teeClaimMeasurement, teeMeasurementKeyOf } from '../../keystore/client/teeClaimMeasurement.ts';
import { FakeConfigfs } from './attestationPki/fakeConfigfs.ts';
import { cli } from './cliHarness.ts';
import { FMSPC, createSyntheticIntelPki } from './attestationPki/syntheticIntelPki.ts';
import { SyntheticQuoter } from './attestationPki/syntheticQuote.ts';

function listen(server: Server, at: number | string): Promise<void> {
  return new Promise((resolve) => server.listen(at, () => resolve()));
}
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

describe('attestation: collateral and quote providers', () => {
  const pki = createSyntheticIntelPki();
  const quoter = new SyntheticQuoter(pki);

  it('PCS provider: assembles verifiable collateral, caches it per FMSPC, refuses when it cannot refresh stale data', async () => {
    const hits: string[] = [];
    let up = true;
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (!up) return res.writeHead(503).end();
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname === '/tdx/certification/v4/tcb' && u.searchParams.get('fmspc') === FMSPC) {
        return res.writeHead(200, { 'TCB-Info-Issuer-Chain': pki.pcs.chainHeader }).end(pki.pcs.tcbBody);
      }
      if (u.pathname === '/tdx/certification/v4/qe/identity')
        return res.writeHead(200, { 'SGX-Enclave-Identity-Issuer-Chain': pki.pcs.chainHeader }).end(pki.pcs.qeBody);
      if (u.pathname === '/sgx/certification/v4/pckcrl') return res.writeHead(200, { 'SGX-PCK-CRL-Issuer-Chain': pki.pcs.chainHeader }).end(pki.pcs.pckCrl);
      if (u.pathname === '/rootcrl.der') return res.writeHead(200).end(pki.pcs.rootCrl);
      res.writeHead(404).end();
    });
    await listen(server, 0);
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      let now = new Date();
      const provider = new PcsCollateralProvider({ baseUrl: base, rootCrlUrl: `${base}/rootcrl.der`, now: () => now });
      const col = await provider.collateralFor('tdx', FMSPC, 'platform');
      const q = quoter.quote();
      assert.equal(verifyDcapQuote(parseDcapQuote(q), col, { now, trustedRoots: [pki.root] }).tcbStatus, 'UpToDate');
      await provider.collateralFor('tdx', FMSPC, 'platform');
      assert.equal(hits.length, 4, 'the second call was served from the cache');
      now = new Date(now.getTime() + 31 * 86_400_000);
      up = false;
      await assert.rejects(provider.collateralFor('tdx', FMSPC, 'platform'), (e) => isErrandError(e, 'KEYSTORE__COLLATERAL_UNAVAILABLE'));
      up = true;
      await assert.rejects(
        provider.collateralFor('tdx', FMSPC, 'platform'),
        (e) => isErrandError(e, 'KEYSTORE__COLLATERAL_UNAVAILABLE') && e.context.reason === 'stale',
      );
    } finally {
      await close(server);
    }
  });

  it('dstack provider: POST /GetQuote on the agent socket returns the quote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errand-dstack-'));
    const socket = path.join(dir, 'dstack.sock');
    let asked = '';
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        asked = (JSON.parse(body) as { report_data: string }).report_data;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ quote: Buffer.from(quoter.quote({ reportData: Buffer.from(asked, 'hex') })).toString('hex'), event_log: '[]' }));
      });
    });
    await listen(server, socket);
    try {
      const rd = Buffer.alloc(64, 0x5a);
      const e = await new DstackQuoteProvider(socket).quote(rd);
      assert.equal(e.kind, 'tdx');
      assert.equal(asked, rd.toString('hex'));
      const q = parseDcapQuote(e.quote);
      assert.equal(q.kind === 'tdx' && Buffer.from(q.report.reportData).toString('hex'), rd.toString('hex'));
      await assert.rejects(new DstackQuoteProvider(path.join(dir, 'missing.sock')).quote(rd), (err) => isErrandError(err, 'WORKER__QUOTE_UNAVAILABLE'));
      // `errand worker --print-measurement` in a dstack TD prints the digest of its own MRTD||RTMR0..3.
      const printed = await cli(['worker', '--print-measurement'], { ERRAND_WORKER_ATTESTATION: 'dstack', ERRAND_WORKER_DSTACK_SOCKET: socket });
      assert.equal(printed.code, 0, printed.err.join('\n'));
      assert.deepEqual(printed.out, [teeClaimMeasurement(e)]);
      assert.match(printed.err.join('\n'), new RegExp(teeMeasurementKeyOf(e)));
      assert.ok(printed.err.includes('register_worker attestation_kind: tdx'), printed.err.join('\n'));
      assert.equal(await registeredAttestationKind(new DstackQuoteProvider(socket)), 'tdx', 'a dstack TD registers as tdx');
      assert.equal(await registeredAttestationKind(undefined), 'ed25519', 'no quote source: ed25519');
    } finally {
      await close(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('configfs-tsm provider: refuses when another writer bumped the generation, and when the path does not exist', async () => {
    const fs = new FakeConfigfs(quoter);
    try {
      const racing = Object.assign(Object.create(fs) as FakeConfigfs, {
        writeFile: async (file: string, data: Uint8Array) => {
          await fs.writeFile(file, data);
          await fs.writeFile(file, data);
        },
      });
      await assert.rejects(new ConfigfsTsmQuoteProvider(fs.root, racing).quote(new Uint8Array(64)), (e) => isErrandError(e, 'WORKER__QUOTE_UNAVAILABLE'));
      await assert.rejects(new ConfigfsTsmQuoteProvider(path.join(fs.root, 'nope')).quote(new Uint8Array(64)), (e) =>
        isErrandError(e, 'WORKER__QUOTE_UNAVAILABLE'),
      );
      const ok = await new ConfigfsTsmQuoteProvider(fs.root, fs).quote(new Uint8Array(64).fill(3));
      assert.equal(ok.kind, 'tdx');
    } finally {
      fs.cleanup();
    }
  });

  it('SNP certificate table: finds the VCEK entry and ignores out-of-bounds entries', () => {
    const vcek = Buffer.from('30820102deadbeef', 'hex');
    const entry = (guid: string, off: number, len: number) => {
      const b = Buffer.alloc(24);
      Buffer.from(guid, 'hex').copy(b);
      b.writeUInt32LE(off, 16);
      b.writeUInt32LE(len, 20);
      return b;
    };
    const table = Buffer.concat([
      entry('c0b406a4a80349d2b0a2d1bbf2e4b2a6', 72, 4),
      entry('8d75da6364e66445adc5f4b93be8accd', 76, vcek.length),
      Buffer.alloc(24),
      Buffer.alloc(4),
      vcek,
    ]);
    assert.deepEqual(Buffer.from(vcekFromCertTable(table)!), vcek);
    assert.equal(vcekFromCertTable(Buffer.concat([entry('8d75da6364e66445adc5f4b93be8accd', 1000, 10), Buffer.alloc(24)])), undefined);
  });
});
