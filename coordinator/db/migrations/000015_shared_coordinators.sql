-- Issue 22: several coordinators on one Postgres keep nothing that matters on their own disk or in
-- their own memory.

-- Module bytes in Postgres (cache/PgBlobStore.ts), content-addressed: a blob is its chunks plus a
-- header row written last in the same transaction, so a reader sees all of it or nothing. The
-- index (wasm_modules: size, last use, LRU) stays separate: it says what exists, this holds bytes.
CREATE TABLE wasm_blob_chunks (
  sha256 text NOT NULL,
  seq    int  NOT NULL,
  bytes  bytea NOT NULL,
  PRIMARY KEY (sha256, seq)
);
-- Modules are compressed already, or nearly: storing them out of line without trying spares a
-- pointless compression pass on every write.
ALTER TABLE wasm_blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;

CREATE TABLE wasm_blobs (
  sha256     text PRIMARY KEY,
  size_bytes bigint NOT NULL,
  chunks     int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One watcher per chain across coordinators (watcher/WatcherLease.ts): the holder renews
-- `expires_at` (Postgres's clock, the one clock every coordinator shares); another coordinator
-- takes the row over once it has expired, bumping `epoch`. Cursor writes are fenced on
-- (holder, epoch), so a leader that lost the lease cannot move the cursor any more.
CREATE TABLE watcher_leases (
  name       text PRIMARY KEY,
  holder     text NOT NULL,
  epoch      bigint NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
