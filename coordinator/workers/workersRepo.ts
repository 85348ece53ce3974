/**
 * Registered workers: id, public key, capabilities, the SHA-256 of their bearer token and their
 * last heartbeat. The token itself is returned once, by register, and never stored.
 */
import { randomUUID } from 'node:crypto';
import { ErrandError } from '../../common/errors/index.ts';
import type { Db } from '../db/Db.ts';
import { UNIQUE_VIOLATION, pgErrorCode } from '../db/Db.ts';
import { generateToken, hashToken } from '../auth/tokens.ts';

export interface WorkerRegistration {
  workerId?: string;
  publicKey?: string;
  capabilities?: Record<string, unknown>;
  /** Builds by workers of one operator do not confirm each other (cache/moduleTrust.ts). */
  operator?: string;
  /** Set by the admin once the worker's hardware attestation is verified: its builds are trusted alone. */
  attestedBuilder?: boolean;
}

export interface WorkerRecord {
  workerId: string;
  publicKey: string | null;
  capabilities: Record<string, unknown>;
  createdAt: string;
  lastHeartbeatAt: string | null;
}

export async function registerWorker(db: Db, reg: WorkerRegistration, signal?: AbortSignal): Promise<{ workerId: string; token: string }> {
  const workerId = reg.workerId ?? `w-${randomUUID()}`;
  const token = generateToken('ewk');
  try {
    await db.query(
      `INSERT INTO workers (id, public_key, token_hash, capabilities, operator, attested_builder) VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [workerId, reg.publicKey ?? null, hashToken(token), JSON.stringify(reg.capabilities ?? {}), reg.operator ?? null, reg.attestedBuilder === true],
      { signal },
    );
  } catch (e) {
    if (pgErrorCode(e) === UNIQUE_VIOLATION) {
      throw new ErrandError('COORDINATOR__WORKER_EXISTS', `worker ${workerId} is already registered`, { workerId });
    }
    throw e;
  }
  return { workerId, token };
}

/** The worker whose token has this hash (see hashToken), or null. */
export async function workerForTokenHash(db: Db, tokenHash: string, signal?: AbortSignal): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM workers WHERE token_hash = $1`, [tokenHash], { signal });
  return rows[0]?.id ?? null;
}

export async function workerHeartbeat(db: Db, workerId: string, capabilities?: Record<string, unknown>, signal?: AbortSignal): Promise<WorkerRecord> {
  const { rows } = await db.query<Record<string, unknown>>(
    `UPDATE workers SET last_heartbeat_at = now(), capabilities = COALESCE($2::jsonb, capabilities)
     WHERE id = $1 RETURNING id, public_key, capabilities, created_at, last_heartbeat_at`,
    [workerId, capabilities ? JSON.stringify(capabilities) : null],
    { signal },
  );
  const r = rows[0];
  if (!r) throw new ErrandError('COORDINATOR__UNAUTHENTICATED', 'worker is not registered', { reason: 'unknown worker' });
  return {
    workerId: r.id as string,
    publicKey: (r.public_key as string | null) ?? null,
    capabilities: r.capabilities as Record<string, unknown>,
    createdAt: new Date(r.created_at as string).toISOString(),
    lastHeartbeatAt: new Date(r.last_heartbeat_at as string).toISOString(),
  };
}
