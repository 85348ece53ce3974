/**
 * One audit record per grant or denial, hash-chained: each record carries the previous record's
 * hash, and its own hash is SHA-256 over the canonical JSON (sorted keys) of every other field.
 * Editing, removing or reordering a record breaks the chain at that point. Records name who asked
 * for what and the outcome — never a secret value, an envelope or a key.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8 } from '../envelope/bytes.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  decision: 'grant' | 'deny';
  /** The error code of a denial. */
  code?: string;
  reason: string;
  requestRef?: { chain: string; contractId: string; requestId: string };
  worker?: { accountId: string; publicKey: string; measurement: string; type: string };
  /** The account the access condition was evaluated for. */
  requester?: string;
  secrets?: { owner: string; repo: string; branch: string | null; profile: string; keys?: number };
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function hashAuditRecord(record: Omit<AuditRecord, 'hash'>): string {
  return bytesToHex(sha256(utf8(canonicalJson(record))));
}

export function chainAuditRecord(entry: AuditEntry, seq: number, prevHash: string, at: Date): AuditRecord {
  const unhashed = { ...entry, seq, at: at.toISOString(), prevHash };
  return { ...unhashed, hash: hashAuditRecord(unhashed) };
}
