export { MemoryAuditLog, FileAuditLog, type AuditLog } from './AuditLog.ts';
export { verifyAuditChain, verifyAuditFile, parseAuditJsonl } from './verifyAuditChain.ts';
export { GENESIS_HASH, hashAuditRecord, type AuditEntry, type AuditRecord } from './auditRecord.ts';
