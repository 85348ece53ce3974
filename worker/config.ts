/**
 * The worker's configuration, read once from the environment (flags of `errand worker` override).
 * Every option, its default and why it exists:
 */
import { z } from 'zod';
import { loadConfig } from '../common/config.ts';

const int = (def: number) => z.coerce.number().int().positive().default(def);

export const workerEnvSchema = z.object({
  /** The coordinator's base URL: one (a coordinator, or several behind a balancer), or several
   * separated by commas; a call that cannot connect moves the worker on to the next. */
  COORDINATOR_URL: z
    .string()
    .refine((v) => v.split(',').every((u) => z.url().safeParse(u.trim()).success), 'one URL, or URLs separated by commas')
    .default('http://127.0.0.1:8080'),
  /** This worker's bearer token (from `POST /v1/workers` with the admin token). */
  ERRAND_WORKER_TOKEN: z.string().min(1).optional(),
  /** Compile sandbox: bubblewrap on Linux (default) or Docker through the host's socket. */
  ERRAND_SANDBOX: z.enum(['bwrap', 'docker']).default('bwrap'),
  /** Claims in flight at once. Lanes mostly wait on the network (the chain executing a resolve
   * takes a block or two), so they are many; executions are bounded by the executor's threads. */
  ERRAND_WORKER_CONCURRENCY: int(16),
  /** Sandboxed builds at once (each takes a core and hundreds of MiB). */
  ERRAND_MAX_CONCURRENT_BUILDS: int(1),
  /** Executor threads (warm, each with its compiled-module cache). */
  ERRAND_EXECUTOR_THREADS: int(2),
  /** Where sources are fetched and built (a tmpfs is a good choice). */
  ERRAND_WORKER_WORKDIR: z.string().optional(),
  /** The keystore's internal URL; without it, requests that reference secrets fail with a coded error. */
  KEYSTORE_URL: z.string().url().optional(),
  /** sha256 hex of this worker build, as registered on-chain and allowlisted by the keystore. */
  ERRAND_WORKER_MEASUREMENT: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** How this worker attests to the keystore: its ed25519 key alone, or that key plus a TEE quote
   * from Linux configfs-tsm (TDX or SEV-SNP guest) or a dstack guest agent (TDX). */
  ERRAND_WORKER_ATTESTATION: z.enum(['ed25519', 'configfs-tsm', 'dstack']).default('ed25519'),
  /** The configfs-tsm report directory. */
  ERRAND_WORKER_TSM_PATH: z.string().min(1).default('/sys/kernel/config/tsm/report'),
  /** The dstack guest agent's unix socket. */
  ERRAND_WORKER_DSTACK_SOCKET: z.string().min(1).default('/var/run/dstack.sock'),
  /** NEAR JSON-RPC endpoint, the Errand contract, and the worker's NEAR account and key file. */
  NEAR_RPC_URL: z.string().url().optional(),
  ERRAND_CONTRACT_ID: z.string().min(2).optional(),
  NEAR_ACCOUNT_ID: z.string().min(2).optional(),
  ERRAND_WORKER_KEY_FILE: z.string().optional(),
  /** Long-poll wait per poll; heartbeat period; compile-lock time to live; SIGTERM grace. */
  ERRAND_POLL_WAIT_MS: int(20_000),
  ERRAND_HEARTBEAT_MS: int(5_000),
  ERRAND_LOCK_TTL_MS: int(30_000),
  ERRAND_GRACE_MS: int(30_000),
  /** Bytes of recently run modules kept in memory. */
  ERRAND_MODULE_CACHE_BYTES: int(256 * 1024 * 1024),
  /** Development mode: run `file://` sources (repositories and modules on this host's disk). Off
   * by default: on a shared service a requester could otherwise make this worker read any
   * repository on its machine; such a claim fails for good with WORKER__SOURCE_NOT_ALLOWED. */
  ERRAND_DEV_MODE: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadConfig(workerEnvSchema, env);
}
