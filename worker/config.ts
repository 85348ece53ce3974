/**
 * The worker's configuration, read once from the environment (flags of `errand worker` override).
 * Every option, its default and why it exists:
 */
import { z } from 'zod';
import { loadConfig } from '../common/config.ts';
import { CHAINS, type ChainId } from '../common/types/index.ts';

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
  ERRAND_WORKER_MEASUREMENT: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
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
  /** The chains this worker resolves on: `near`, `solana` or `near,solana`. Each needs its own
   * settings (NEAR: the four above; Solana: the SOLANA_* below) and a key registered on that chain. */
  ERRAND_CHAINS: z
    .string()
    .default('near')
    .transform((v, ctx) => {
      const list = [
        ...new Set(
          v
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        ),
      ];
      const bad = list.filter((c) => !(CHAINS as readonly string[]).includes(c));
      if (list.length === 0 || bad.length > 0)
        ctx.addIssue({ code: 'custom', message: `unknown chain(s) ${bad.join(', ') || '(none given)'}: use near, solana or near,solana` });
      return list as ChainId[];
    }),
  /** Solana JSON-RPC endpoint and its PubSub endpoint (default: the RPC URL over ws). */
  SOLANA_RPC_URL: z.string().url().optional(),
  SOLANA_WS_URL: z.string().url().optional(),
  /** The Errand program's id (base58). */
  SOLANA_PROGRAM_ID: z
    .string()
    .regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/)
    .optional(),
  /** The worker's authority keypair (solana-keygen JSON: 64 numbers), registered with
   * `register_worker` on the program; it signs every resolve and pays its fees. */
  SOLANA_KEYPAIR_FILE: z.string().optional(),
  /** Priority fee of resolve transactions: compute-unit price in micro-lamports (0: none). */
  SOLANA_PRIORITY_FEE_MICROLAMPORTS: z.coerce.number().int().nonnegative().default(0),
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
  ERRAND_DEV_MODE: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadConfig(workerEnvSchema, env);
}
