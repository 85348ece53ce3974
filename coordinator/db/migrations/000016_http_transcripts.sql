-- Programs that call the web (issue 17): a request's `http` capability as its chain event gave it,
-- and the HTTP transcript its execution recorded, kept as the exact bytes whose sha256 the worker
-- put on-chain (`transcript_sha256`), so anyone can fetch it and replay the run.

ALTER TABLE requests ADD COLUMN http jsonb;

CREATE TABLE transcripts (
  request_id uuid PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
  sha256     text NOT NULL,
  body       bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
