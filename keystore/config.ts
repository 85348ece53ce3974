/**
 * The keystore's configuration, read from the environment once and validated (zod). Every option:
 *
 * - ERRAND_KEYSTORE_MASTER_SECRET       master secret, hex or base64, >= 32 bytes (never logged)
 * - ERRAND_KEYSTORE_MASTER_SECRET_FILE  or: a file holding it (exactly one of the two)
 * - KEYSTORE_HOST        bind address (default 127.0.0.1). Must be loopback or private unless
 *                        KEYSTORE_ALLOW_NON_INTERNAL_BIND=true (e.g. 0.0.0.0 inside a container
 *                        network with no published port).
 * - KEYSTORE_PORT        default 8090 (0: any free port)
 * - KEYSTORE_MEASUREMENT_ALLOWLIST  comma-separated hex measurements (64-128 chars) of worker builds allowed (default none)
 * - KEYSTORE_AUDIT_LOG   JSONL file path, or `memory` (default .errand/keystore-audit.jsonl)
 * - KEYSTORE_INSECURE_DEV_ATTESTATION  `true` accepts attestation type none (dev only; default false)
 * - KEYSTORE_CHALLENGE_TTL_MS  challenge lifetime (default 60000)
 * - KEYSTORE_MAX_CHALLENGES    outstanding challenges kept in memory (default 10000)
 * - KEYSTORE_MAX_CHALLENGES_PER_KEY  outstanding challenges one registered worker key may hold (default 32)
 * - KEYSTORE_COORDINATOR_PUBLIC_KEY  hex ed25519 key (64 chars) the coordinator signs claim tickets
 *                        with; secrets go only to a worker presenting a valid ticket. Unset: every
 *                        secrets request is refused (unless the insecure dev flag is on)
 * - KEYSTORE_DECRYPT_TIMEOUT_MS  bound on one decrypt flow incl. chain reads (default 15000)
 * - KEYSTORE_NEAR_CONTRACT_ID  the NEAR contract whose requests/secrets/workers are trusted
 * - ERRAND_CONTRACT_ID         used when KEYSTORE_NEAR_CONTRACT_ID is unset (the name the other services read)
 * - KEYSTORE_TEE_MEASUREMENT_ALLOWLIST  comma-separated TEE measurement keys allowed: 480 hex =
 *                              TDX MRTD||RTMR0||RTMR1||RTMR2||RTMR3, 96 hex = SEV-SNP MEASUREMENT (default none)
 * - KEYSTORE_ACCEPTED_TCB_STATUSES  comma-separated Intel TCB statuses accepted (default UpToDate)
 * - KEYSTORE_ALLOW_DEBUG_GUESTS     `true` accepts debug TDs / SNP guests whose policy allows debug (default false; never in production)
 * - KEYSTORE_TDX_COLLATERAL_URL     Intel PCS or PCCS base URL (default https://api.trustedservices.intel.com)
 * - KEYSTORE_TDX_COLLATERAL_FILE    a fixed collateral JSON (dcap-qvl shape) instead of the URL; refused once stale
 * - NEAR_RPC_URL               the NEAR JSON-RPC endpoint the keystore reads that contract through
 *                              (required when a contract is set; no default: the keystore never
 *                              guesses which network it trusts)
 * - KEYSTORE_SOLANA_PROGRAM_ID  the Errand Solana program (base58) whose requests/secrets/workers are
 *                              trusted (ERRAND_SOLANA_PROGRAM_ID when unset); unset: no Solana program
 * - KEYSTORE_SOLANA_RPC_URL    the Solana JSON-RPC endpoint that program is read through
 *                              (SOLANA_RPC_URL when unset; required when a program is set)
 * - KEYSTORE_SOLANA_COMMITMENT `confirmed` (default) or `finalized`: what every Solana read waits for
 */
import { z } from 'zod';
import { loadConfig } from '../common/config.ts';
import type { MasterSecretSource } from './crypto/masterSecret.ts';
import { DEFAULT_TEE_SETTINGS, type TeeSettings } from './attestation/createTeeVerifiers.ts';
import { TCB_STATUSES } from './attestation/dcap/tcbInfoSchema.ts';

const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
const measurementHex = /^(?:[0-9a-f]{2}){32,64}$/;

export const keystoreEnvSchema = z
  .object({
    ERRAND_KEYSTORE_MASTER_SECRET: z.string().min(1).optional(),
    ERRAND_KEYSTORE_MASTER_SECRET_FILE: z.string().min(1).optional(),
    KEYSTORE_HOST: z.string().min(1).default('127.0.0.1'),
    KEYSTORE_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
    KEYSTORE_ALLOW_NON_INTERNAL_BIND: bool,
    KEYSTORE_MEASUREMENT_ALLOWLIST: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s.length > 0),
      )
      .refine((list) => list.every((m) => measurementHex.test(m)), 'each measurement must be 64-128 hex characters'),
    KEYSTORE_AUDIT_LOG: z.string().min(1).default('.errand/keystore-audit.jsonl'),
    KEYSTORE_INSECURE_DEV_ATTESTATION: bool,
    KEYSTORE_CHALLENGE_TTL_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    KEYSTORE_MAX_CHALLENGES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
    KEYSTORE_MAX_CHALLENGES_PER_KEY: z.coerce.number().int().min(1).max(10_000).default(32),
    KEYSTORE_COORDINATOR_PUBLIC_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/)
      .optional(),
    KEYSTORE_DECRYPT_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    KEYSTORE_NEAR_CONTRACT_ID: z.string().min(1).optional(),
    ERRAND_CONTRACT_ID: z.string().min(1).optional(),
    NEAR_RPC_URL: z.string().url().optional(),
    KEYSTORE_SOLANA_PROGRAM_ID: z.string().min(1).optional(),
    ERRAND_SOLANA_PROGRAM_ID: z.string().min(1).optional(),
    KEYSTORE_SOLANA_RPC_URL: z.string().url().optional(),
    SOLANA_RPC_URL: z.string().url().optional(),
    KEYSTORE_SOLANA_COMMITMENT: z.enum(['confirmed', 'finalized']).default('confirmed'),
    KEYSTORE_TEE_MEASUREMENT_ALLOWLIST: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s.length > 0),
      )
      .refine((list) => list.every((m) => /^(?:[0-9a-f]{96}|[0-9a-f]{480})$/.test(m)), 'each TEE measurement must be 96 (SNP) or 480 (TDX) hex characters'),
    KEYSTORE_ACCEPTED_TCB_STATUSES: z
      .string()
      .default('UpToDate')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s.length > 0),
      )
      .pipe(z.array(z.enum(TCB_STATUSES.filter((s) => s !== 'Revoked') as [string, ...string[]])).min(1)),
    KEYSTORE_ALLOW_DEBUG_GUESTS: bool,
    KEYSTORE_TDX_COLLATERAL_URL: z.string().url().default(DEFAULT_TEE_SETTINGS.collateralUrl),
    KEYSTORE_TDX_COLLATERAL_FILE: z.string().min(1).optional(),
  })
  // The secret's value must never be echoed in an issue message: zod only reports the key path.
  .refine((e) => !(e.ERRAND_KEYSTORE_MASTER_SECRET && e.ERRAND_KEYSTORE_MASTER_SECRET_FILE), {
    message: 'set only one of ERRAND_KEYSTORE_MASTER_SECRET and ERRAND_KEYSTORE_MASTER_SECRET_FILE',
  });

/** Settings of one keystore instance (what startKeystore takes besides its chain readers). */
export interface KeystoreSettings {
  host: string;
  port: number;
  allowNonInternalBind: boolean;
  masterSecret: MasterSecretSource;
  measurementAllowlist: string[];
  /** A JSONL path, or 'memory'. */
  auditLog: string;
  insecureDevAttestation: boolean;
  challengeTtlMs: number;
  maxOutstandingChallenges: number;
  maxChallengesPerKey: number;
  /** Hex ed25519 public key of the coordinator's claim tickets (KEYSTORE_COORDINATOR_PUBLIC_KEY). */
  coordinatorPublicKey?: string;
  decryptTimeoutMs: number;
  nearContractId?: string;
  /** NEAR JSON-RPC URL for reading `nearContractId`. */
  nearRpcUrl?: string;
  /** The trusted Errand Solana program id (base58). */
  solanaProgramId?: string;
  /** Solana JSON-RPC URL for reading `solanaProgramId`. */
  solanaRpcUrl?: string;
  solanaCommitment?: 'confirmed' | 'finalized';
  /** TDX / SEV-SNP verification policy. */
  tee: TeeSettings;
}

export function keystoreSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KeystoreSettings {
  const e = loadConfig(keystoreEnvSchema, env);
  return {
    host: e.KEYSTORE_HOST,
    port: e.KEYSTORE_PORT,
    allowNonInternalBind: e.KEYSTORE_ALLOW_NON_INTERNAL_BIND,
    masterSecret: {
      ...(e.ERRAND_KEYSTORE_MASTER_SECRET !== undefined && { value: e.ERRAND_KEYSTORE_MASTER_SECRET }),
      ...(e.ERRAND_KEYSTORE_MASTER_SECRET_FILE !== undefined && { file: e.ERRAND_KEYSTORE_MASTER_SECRET_FILE }),
    },
    measurementAllowlist: e.KEYSTORE_MEASUREMENT_ALLOWLIST,
    auditLog: e.KEYSTORE_AUDIT_LOG,
    insecureDevAttestation: e.KEYSTORE_INSECURE_DEV_ATTESTATION,
    challengeTtlMs: e.KEYSTORE_CHALLENGE_TTL_MS,
    maxOutstandingChallenges: e.KEYSTORE_MAX_CHALLENGES,
    maxChallengesPerKey: e.KEYSTORE_MAX_CHALLENGES_PER_KEY,
    ...(e.KEYSTORE_COORDINATOR_PUBLIC_KEY && { coordinatorPublicKey: e.KEYSTORE_COORDINATOR_PUBLIC_KEY.toLowerCase() }),
    decryptTimeoutMs: e.KEYSTORE_DECRYPT_TIMEOUT_MS,
    nearContractId: e.KEYSTORE_NEAR_CONTRACT_ID ?? e.ERRAND_CONTRACT_ID,
    nearRpcUrl: e.NEAR_RPC_URL,
    solanaProgramId: e.KEYSTORE_SOLANA_PROGRAM_ID ?? e.ERRAND_SOLANA_PROGRAM_ID,
    solanaRpcUrl: e.KEYSTORE_SOLANA_RPC_URL ?? e.SOLANA_RPC_URL,
    solanaCommitment: e.KEYSTORE_SOLANA_COMMITMENT,
    tee: {
      measurementAllowlist: e.KEYSTORE_TEE_MEASUREMENT_ALLOWLIST,
      acceptedTcbStatuses: e.KEYSTORE_ACCEPTED_TCB_STATUSES as TeeSettings['acceptedTcbStatuses'],
      allowDebugGuests: e.KEYSTORE_ALLOW_DEBUG_GUESTS,
      collateralUrl: e.KEYSTORE_TDX_COLLATERAL_URL,
      ...(e.KEYSTORE_TDX_COLLATERAL_FILE !== undefined && { collateralFile: e.KEYSTORE_TDX_COLLATERAL_FILE }),
    },
  };
}

/** Defaults for programmatic use (tests, `errand dev`): memory audit, loopback, any free port. */
export function defaultKeystoreSettings(overrides: Partial<KeystoreSettings> & Pick<KeystoreSettings, 'masterSecret'>): KeystoreSettings {
  return {
    host: '127.0.0.1',
    port: 0,
    allowNonInternalBind: false,
    measurementAllowlist: [],
    auditLog: 'memory',
    insecureDevAttestation: false,
    challengeTtlMs: 60_000,
    maxOutstandingChallenges: 10_000,
    maxChallengesPerKey: 32,
    decryptTimeoutMs: 15_000,
    tee: DEFAULT_TEE_SETTINGS,
    ...overrides,
  };
}
