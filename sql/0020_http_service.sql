-- The HTTP service: idempotency records, and read access for the application role.

-- One row per Idempotency-Key a caller used on a POST: the request's fingerprint and the response
-- that was sent, written in the same transaction as the request's events, so a retry either finds
-- both or neither. Keys are scoped by tenant and caller: two callers cannot collide.
CREATE TABLE laurel_idempotency (
    tenant_id text NOT NULL,
    actor_id text NOT NULL,
    key text NOT NULL,
    -- SHA-256 of the method, path, If-Match and body.
    request_hash text NOT NULL,
    status integer NOT NULL,
    headers jsonb NOT NULL,
    body bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, actor_id, key)
);
CREATE INDEX ON laurel_idempotency (created_at);
ALTER TABLE laurel_idempotency OWNER TO laurel_owner;
GRANT SELECT, INSERT, DELETE ON laurel_idempotency TO laurel_app;

-- The service answers queries from the read models as the application role; projections (run by
-- the owner) rebuild into new schemas, so future schemas and tables are readable too.
DO $$
DECLARE
    schema_name text;
BEGIN
    FOR schema_name IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 'projection\_%' LOOP
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO laurel_app', schema_name);
        EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO laurel_app', schema_name);
    END LOOP;
END
$$;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO laurel_app;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO laurel_app;
GRANT SELECT ON laurel_projection_checkpoints TO laurel_app;
-- /readyz compares the applied migrations with the service's own.
GRANT SELECT ON laurel_migrations TO laurel_app;
