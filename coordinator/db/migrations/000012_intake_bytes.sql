-- Issue 12: hostile chain data never stalls intake.
-- Inputs are bytes: a `text` column refuses NUL, so the input is stored as the bytes it is.
ALTER TABLE requests ALTER COLUMN input TYPE bytea USING convert_to(input, 'UTF8');
-- A response's output is the program's text: `json` keeps it verbatim (\u0000 included), where
-- `jsonb` refuses what Postgres text cannot hold. The coordinator never looks inside it.
ALTER TABLE requests ALTER COLUMN response TYPE json USING response::json;
-- A request the coordinator refuses to run (malformed or unsupported event, a policy such as
-- file:// outside development): recorded as failed with this code, and resolved on-chain as a
-- failure by the FailureResolver like any other failed request.
ALTER TABLE requests ADD COLUMN reject_code text;
