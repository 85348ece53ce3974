/**
 * The coordinator's configuration, read once from the environment and validated. Every option is
 * documented here with its default; `startCoordinator` also accepts a partial object directly
 * (tests, `errand dev`), which goes through the same schema.
 */
import { z } from 'zod';
import { loadConfig } from '../common/config.ts';

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
const bool = (def: boolean) => z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]).default(def);

// An https/http URL holding `{hash}` once: the page pastes a hash there, nothing else.
const explorerTemplate = z
  .string()
  .url()
  .regex(/^https?:\/\/[^{}]*\{hash\}[^{}]*$/, 'an http(s) URL with {hash} once')
  .optional();

export const coordinatorConfigSchema = z.object({
  /** Postgres URL. Unset: embedded PGlite (in memory, or in `PGLITE_DATA_DIR` when set). */
  DATABASE_URL: z.string().min(1).optional(),
  /** PGlite data directory when DATABASE_URL is unset. Unset: in memory (lost on exit). */
  PGLITE_DATA_DIR: z.string().min(1).optional(),
  /** Embedded PGlite only (it has no autovacuum): how often one of its tables is vacuumed and
   * analyzed, in turn, so dead rows are reclaimed and plans follow the tables' growth. */
  PGLITE_MAINTENANCE_MS: int(1_000, 10),
  /** Postgres schema all tables live in (created if missing). Lets test suites share one database. */
  DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .default('public'),
  /** Max connections of the node-postgres pool. */
  DB_POOL_SIZE: int(20, 1),
  /** Postgres only: longest wait for a connection (opening one, or a free one from a full pool).
   * A database that does not answer then fails the call with a coded error instead of hanging it. */
  DB_CONNECT_TIMEOUT_MS: int(10_000, 1),
  /** Postgres only: statement_timeout of every connection (server side), and the client's own
   * bound on a statement a little after it (a hung server or network never answers). No
   * statement of the coordinator is meant to run long: the long-poll waits on wake-ups, not SQL. */
  DB_STATEMENT_TIMEOUT_MS: int(30_000, 1),
  /** Redis URL for wake-ups and compile locks. Unset: in-process wake-ups and Postgres-row locks. */
  REDIS_URL: z.string().min(1).optional(),
  /** Prefix of every Redis key and channel (several coordinators or test suites on one Redis). */
  REDIS_PREFIX: z.string().max(100).default('errand:'),
  /** Listen address and port (0: any free port). */
  HOST: z.string().default('127.0.0.1'),
  PORT: int(8700),
  /** Admin bearer token (worker registration, request creation). Unset: a random one is generated
   * and returned by startCoordinator; the CLI refuses to start with auth on and no token. */
  COORDINATOR_ADMIN_TOKEN: z.string().min(16).optional(),
  /** Development mode (`errand dev`, tests): `file://` sources are run. Otherwise a chain request
   * naming one is rejected and resolved on-chain as failed, and POST /v1/requests refuses it: on a
   * shared service it would make workers read repositories on their own disks. */
  DEV_MODE: bool(false),
  /** Authentication of every /v1 endpoint. Only the all-in-one dev mode should turn it off. */
  AUTH_ENABLED: bool(true),
  /** Lease length of a claimed job; heartbeats extend it by this much. */
  LEASE_MS: int(60_000, 100),
  /** How often the sweeper returns expired jobs. */
  SWEEP_INTERVAL_MS: int(5_000, 10),
  /** Failed attempts (expired leases + reported failures) after which a request is failed. */
  MAX_ATTEMPTS: int(3, 1),
  /** Long-poll upper bound a worker may ask for. */
  MAX_POLL_MS: int(30_000, 0),
  /** Long-pollers re-check the database this often even without a wake-up (Redis down/flushed). */
  POLL_FALLBACK_MS: int(1_000, 10),
  /** Claim statements running at once. Claims arriving while these run share the next statement
   * (one round trip, plan and commit for many claimers); 1-2 per database core is plenty. */
  CLAIM_STATEMENTS_IN_FLIGHT: int(1, 1),
  /** Most claims one shared claim statement serves, and the most one worker may claim per call. */
  CLAIM_BATCH_MAX: int(32, 1),
  /** Where module bytes live: `postgres` (rows in the coordinator's database: every coordinator
   * of a deployment serves every module) or `file` (WASM_DIR). Unset: `postgres` when DATABASE_URL
   * is set, else `file`. Several coordinators with `file` need one shared WASM_DIR. */
  BLOB_STORE: z.enum(['postgres', 'file']).optional(),
  /** Directory of the `file` blob store. Unset: a fresh temporary directory (one process only). */
  WASM_DIR: z.string().min(1).optional(),
  /** Largest accepted module. */
  WASM_MAX_BYTES: int(32 * 1024 * 1024, 8),
  /** Byte budget of the WASM cache; least recently used modules are evicted above it. */
  WASM_CACHE_BYTES: int(1024 * 1024 * 1024, 8),
  /** Largest JSON body. */
  JSON_BODY_LIMIT_BYTES: int(1024 * 1024, 1024),
  /** Rate limit per bearer token and per IP: sustained calls per second and burst. With REDIS_URL
   * the buckets are in Redis and the rates hold for all coordinators together; without, per process. A worker makes
   * about two calls per request it runs (poll, complete) plus heartbeats, and workers on one host
   * share its IP: the defaults leave room for a host running ~500 requests/s. */
  RATE_PER_TOKEN_PER_S: int(1_000, 1),
  RATE_PER_IP_PER_S: int(2_000, 1),
  RATE_BURST: int(1_000, 1),
  /** Largest log chunk a worker may append in one call, and the retained log bytes per job. */
  LOG_CHUNK_MAX_BYTES: int(64 * 1024, 1),
  LOG_MAX_BYTES_PER_JOB: int(1024 * 1024, 1),
  /** The coordinator's claim-ticket key: a 32-byte ed25519 seed in hex (or a file holding it). The
   * keystore is configured with its public key (KEYSTORE_COORDINATOR_PUBLIC_KEY). Unset: a key
   * generated for this run (development; its public key is logged at start). */
  COORDINATOR_TICKET_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  COORDINATOR_TICKET_KEY_FILE: z.string().min(1).optional(),
  /** Longest life of a claim ticket (it never outlives the execute lease either). */
  TICKET_TTL_MS: int(120_000, 1_000),
  /** The keystore's internal base URL; only its public-key endpoint is proxied. */
  KEYSTORE_URL: z.string().url().optional(),
  /** The keystore path answering public-key requests (query string forwarded unchanged). */
  KEYSTORE_PUBKEY_PATH: z.string().startsWith('/').default('/v1/pubkey'),
  /** The dashboard's transaction links: a URL with `{hash}` where a NEAR transaction hash or
   * receipt id goes (e.g. https://nearblocks.io/txns/{hash}). Unset: the page shows the bare hash. */
  DASHBOARD_EXPLORER_NEAR: explorerTemplate,
  /** The same for a Solana transaction signature (e.g. https://explorer.solana.com/tx/{hash}). */
  DASHBOARD_EXPLORER_SOLANA: explorerTemplate,
  /** The Wallet Standard chain the page asks a Solana wallet to sign for (the cluster SOLANA_RPC_URL
   * is on): solana:mainnet, solana:devnet, solana:testnet or solana:localnet. */
  /** The NEAR wallet the page sends users to for signing (the MyNearWallet redirect protocol: /login, /sign),
   * e.g. https://testnet.mynearwallet.com for testnet. */
  DASHBOARD_NEAR_WALLET_URL: z.url({ protocol: /^https?$/ }).default('https://app.mynearwallet.com'),
  DASHBOARD_SOLANA_CHAIN: z.enum(['solana:mainnet', 'solana:devnet', 'solana:testnet', 'solana:localnet']).default('solana:mainnet'),
  /** How often the failed-request resolver and the watcher runner tick. */
  RESOLVER_INTERVAL_MS: int(2_000, 10),
  WATCH_INTERVAL_MS: int(1_000, 10),
  /** Length of a chain watcher's lease (one coordinator of several polls each chain; see
   * watcher/WatcherLease.ts). Renewed every third of it; a dead leader is replaced within about
   * 4/3 of it. Shorter hands over faster but asks more of a busy leader's event loop. */
  WATCHER_LEASE_MS: int(3_000, 30),
});

export type CoordinatorConfig = z.infer<typeof coordinatorConfigSchema>;
export type CoordinatorConfigInput = z.input<typeof coordinatorConfigSchema>;

/** Reads the configuration from the environment (coded COMMON__CONFIG_INVALID when bad). */
export function loadCoordinatorConfig(env: NodeJS.ProcessEnv = process.env): CoordinatorConfig {
  return loadConfig(coordinatorConfigSchema, env);
}

/** Validates an explicit configuration object (tests, dev mode). */
export function parseCoordinatorConfig(input: CoordinatorConfigInput): CoordinatorConfig {
  return loadConfig(coordinatorConfigSchema, input as NodeJS.ProcessEnv);
}
