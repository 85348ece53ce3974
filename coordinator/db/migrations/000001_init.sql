-- Errand coordinator: the request ledger, jobs with leases, the WASM cache index, workers,
-- chain cursors, compile locks (used when there is no Redis), job logs and the event log.

CREATE TABLE requests (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  chain                 text NOT NULL,
  contract_id           text NOT NULL,
  request_id            text NOT NULL,
  callback_handle       text,
  sender_id             text NOT NULL,
  payer_id              text NOT NULL,
  source                jsonb NOT NULL,
  -- NULL while a git source names a branch/tag: branch names are never cache keys.
  source_key            text,
  pinned_commit         text,
  input                 text NOT NULL,
  secrets_ref           jsonb,
  limits                jsonb NOT NULL,
  response_format       text NOT NULL,
  deposit               text NOT NULL,
  block_height          bigint NOT NULL,
  status                text NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'claimed', 'done', 'failed', 'resolved')),
  claimed_by            text,
  attempts              integer NOT NULL DEFAULT 0,
  last_error            text,
  response              jsonb,
  resolve_tx            text,
  chain_resolved_at     timestamptz,
  failure_resolve_lease timestamptz,
  failure_resolved_at   timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  UNIQUE (chain, contract_id, request_id)
);
CREATE INDEX requests_queued ON requests (created_at, id) WHERE status = 'queued';
CREATE INDEX requests_failed_unresolved ON requests (updated_at)
  WHERE status = 'failed' AND failure_resolved_at IS NULL AND chain_resolved_at IS NULL;

CREATE TABLE jobs (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id  uuid NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
  type        text NOT NULL CHECK (type IN ('compile', 'execute')),
  status      text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
  locked_by   text,
  locked_at   timestamptz,
  lease_until timestamptz,
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  result      jsonb,
  log_bytes   bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (request_id, type)
);
CREATE INDEX jobs_running_lease ON jobs (lease_until) WHERE status = 'running';

CREATE TABLE wasm_modules (
  sha256       text PRIMARY KEY,
  size_bytes   bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wasm_modules_lru ON wasm_modules (last_used_at);

CREATE TABLE wasm_sources (
  source_key text PRIMARY KEY,
  sha256     text NOT NULL REFERENCES wasm_modules (sha256) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workers (
  id                text PRIMARY KEY,
  public_key        text,
  token_hash        text NOT NULL UNIQUE,
  capabilities      jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_heartbeat_at timestamptz
);

CREATE TABLE chain_cursors (
  chain      text PRIMARY KEY,
  cursor     text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE compile_locks (
  key        text PRIMARY KEY,
  owner      text NOT NULL,
  expires_at timestamptz NOT NULL
);

CREATE TABLE job_logs (
  id      bigserial PRIMARY KEY,
  job_id  uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  stream  text NOT NULL,
  chunk   text NOT NULL,
  at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_logs_job ON job_logs (job_id, id);

CREATE TABLE events (
  id         bigserial PRIMARY KEY,
  request_id uuid,
  job_id     uuid,
  kind       text NOT NULL,
  data       jsonb NOT NULL DEFAULT '{}'::jsonb,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_request ON events (request_id, id);
