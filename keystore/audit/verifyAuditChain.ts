/**
 * Checks a sequence of audit records (or a JSONL file of them): sequence numbers consecutive from
 * 1, each prevHash equal to the previous record's hash, each hash recomputed. Throws
 * KEYSTORE__AUDIT_CHAIN_BROKEN naming the first bad line (1-based); returns the last record.
 * Detects edits, deletions, insertions and reordering; it cannot detect truncation of the tail
 * unless the caller compares the returned last hash with one anchored elsewhere.
 */
import { readFile } from 'node:fs/promises';
import { ErrandError } from '../../common/errors/index.ts';
import { GENESIS_HASH, hashAuditRecord, type AuditRecord } from './auditRecord.ts';

function broken(line: number, reason: string): ErrandError {
  return new ErrandError('KEYSTORE__AUDIT_CHAIN_BROKEN', `audit chain broken at line ${line}: ${reason}`, { line, reason });
}

export function verifyAuditChain(records: readonly unknown[]): AuditRecord | null {
  let prevHash = GENESIS_HASH;
  let last: AuditRecord | null = null;
  records.forEach((value, index) => {
    const line = index + 1;
    const r = value as AuditRecord;
    if (typeof r !== 'object' || r === null || typeof r.hash !== 'string') throw broken(line, 'not a record');
    if (r.seq !== line) throw broken(line, `sequence ${String(r.seq)} where ${line} was expected`);
    if (r.prevHash !== prevHash) throw broken(line, 'prevHash does not match the previous record');
    const { hash, ...rest } = r;
    if (hashAuditRecord(rest) !== hash) throw broken(line, 'record hash does not match its content');
    prevHash = hash;
    last = r;
  });
  return last;
}

export function parseAuditJsonl(text: string): unknown[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  return lines.map((l, i) => {
    try {
      return JSON.parse(l) as unknown;
    } catch {
      throw broken(i + 1, 'not JSON');
    }
  });
}

export async function verifyAuditFile(path: string): Promise<AuditRecord | null> {
  return verifyAuditChain(parseAuditJsonl(await readFile(path, 'utf8')));
}
