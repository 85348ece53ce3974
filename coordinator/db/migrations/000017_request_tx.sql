-- Where the chain logged each request (NEAR: the receipt id that logged execution_requested;
-- Solana: the transaction signature), so the dashboard can show the request's transaction next to
-- its resolve_tx. Nullable: requests recorded before this, and those made over HTTP, have none.
ALTER TABLE requests ADD COLUMN request_tx text;
