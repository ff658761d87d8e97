-- The tenant registry: every agency served beside the process's own `tenant` setting, with its
-- configuration files' contents, so every instance on any machine serves the same configuration
-- and the rule sets the log cites stay readable from the database alone.

CREATE TABLE laurel_tenants (
    tenant text PRIMARY KEY CHECK (tenant ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
    name text NOT NULL,
    -- {"workflows": [{"name", "text"}], "rules": [...], "calendar": [...], "organization": {"name", "text"}}:
    -- the folder `laurel tenants add` validated, as it read it.
    configuration jsonb NOT NULL,
    -- The tenant's own token keys: an HS256 secret and/or a JWKS of public keys. A token naming
    -- this tenant is verified with these alone, never with another tenant's.
    hs256_secret text,
    jwks jsonb,
    CHECK (hs256_secret IS NOT NULL OR jwks IS NOT NULL),
    added_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE laurel_tenants OWNER TO laurel_owner;
GRANT SELECT ON laurel_tenants TO laurel_app;
