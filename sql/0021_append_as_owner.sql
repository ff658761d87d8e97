-- The application role keeps no write privilege on `streams`.
--
-- `laurel_append` ran with its caller's privileges, so `laurel_app` needed INSERT and UPDATE on
-- `streams` to bump a stream's version, and with them could set any stream's version outright
-- (no trigger guards that table): lowered, later appends fail or the chain looks broken; raised,
-- `laurel audit verify` reports events removed that never existed. Appends now run as the log's
-- owner, with a fixed search_path so a caller's schemas cannot stand in for the log's tables.
ALTER FUNCTION laurel_append(text, text, text, bigint, jsonb)
    SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE INSERT, UPDATE ON streams FROM laurel_app;
