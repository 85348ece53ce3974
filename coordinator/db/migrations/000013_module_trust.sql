-- Module trust (issue 12): every compile completion is recorded as one builder's claim; a module
-- is indexed in wasm_sources (the shared cache index the claim statement reads) only once two
-- independent builders agree on it, or an attested builder built it. See cache/moduleTrust.ts.

ALTER TABLE workers ADD COLUMN operator text;
ALTER TABLE workers ADD COLUMN attested_builder boolean NOT NULL DEFAULT false;

CREATE TABLE module_builds (
  source_key text NOT NULL,
  worker_id  text NOT NULL,
  -- Who vouches for the build: the worker's operator, else its public key, else its id. Two
  -- builds count as independent only when these differ.
  builder    text NOT NULL,
  sha256     text NOT NULL REFERENCES wasm_modules (sha256) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_key, worker_id)
);
CREATE INDEX module_builds_agreement ON module_builds (source_key, sha256);
