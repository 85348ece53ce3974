import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isErrandError } from '../../common/errors/index.ts';
import { FileAuditLog, MemoryAuditLog, verifyAuditChain, verifyAuditFile, type AuditRecord } from '../../keystore/audit/index.ts';

const entry = (i: number) => ({
  decision: (i % 2 === 0 ? 'grant' : 'deny') as 'grant' | 'deny',
  reason: `r${i}`,
  requestRef: { chain: 'near', contractId: 'c.near', requestId: String(i) },
  requester: 'bob.near',
});

const broken = (line: number) => (e: unknown) => isErrandError(e, 'KEYSTORE__AUDIT_CHAIN_BROKEN') && e.context.line === line;

describe('keystore audit log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'errand-audit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('chains records in order, also under concurrent appends', async () => {
    const log = new MemoryAuditLog();
    await Promise.all([0, 1, 2, 3, 4].map((i) => log.append(entry(i))));
    const records = await log.records();
    assert.deepEqual(
      records.map((r) => r.seq),
      [1, 2, 3, 4, 5],
    );
    assert.equal(verifyAuditChain(records)?.hash, records[4]!.hash);
    assert.equal(verifyAuditChain([]), null);
  });

  it('detects an edited, deleted, inserted or reordered record', async () => {
    const log = new MemoryAuditLog();
    for (let i = 0; i < 4; i++) await log.append(entry(i));
    const records = await log.records();
    const edited = records.map((r) => ({ ...r }));
    edited[1]!.decision = 'grant';
    assert.throws(() => verifyAuditChain(edited), broken(2));
    assert.throws(() => verifyAuditChain([records[0], records[2], records[3]]), broken(2));
    assert.throws(() => verifyAuditChain([records[1], records[0], records[2]]), broken(1));
    const forged: AuditRecord = { ...records[1]!, reason: 'forged' };
    assert.throws(() => verifyAuditChain([records[0], forged, ...records.slice(2)]), broken(2));
    // Re-hashing the edited record is not enough: the next record's prevHash gives it away.
    const { hash: _h, ...rest } = edited[1]!;
    const { hashAuditRecord } = await import('../../keystore/audit/auditRecord.ts');
    edited[1]!.hash = hashAuditRecord(rest);
    assert.throws(() => verifyAuditChain(edited), broken(3));
  });

  it('file-backed: persists JSONL, continues the chain on reopen, refuses to extend a tampered file', async () => {
    const file = path.join(dir, 'audit.jsonl');
    const first = await FileAuditLog.open(file);
    await first.append(entry(0));
    await first.append(entry(1));
    await first.close();
    const second = await FileAuditLog.open(file);
    await second.append(entry(2));
    assert.equal((await second.records()).length, 3);
    await second.close();
    assert.equal((await verifyAuditFile(file))?.seq, 3);

    const lines = readFileSync(file, 'utf8').trim().split('\n');
    writeFileSync(file, `${[lines[0], lines[1]!.replace('"deny"', '"grant"'), lines[2]].join('\n')}\n`);
    await assert.rejects(verifyAuditFile(file), broken(2));
    await assert.rejects(FileAuditLog.open(file), broken(2));
    writeFileSync(file, `${lines[0]}\nnot json\n`);
    await assert.rejects(FileAuditLog.open(file), broken(2));
  });
});
