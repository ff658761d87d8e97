-- The console: accounts (a read model of the account streams), sign-in sessions and failed
-- sign-ins.

-- Accounts as administrators list them (AccountsProjection). A new read model: its checkpoint
-- starts at the beginning of the log, which holds no account event before this release.
CREATE SCHEMA projection_accounts;
CREATE TABLE projection_accounts.accounts (
    tenant text NOT NULL,
    login text NOT NULL,
    name text NOT NULL,
    unit text NOT NULL,
    roles text[] NOT NULL,
    disabled boolean NOT NULL,
    -- Whether a password is set; the hash stays in the account's stream.
    has_password boolean NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, login)
);
GRANT USAGE ON SCHEMA projection_accounts TO laurel_app;
GRANT SELECT ON ALL TABLES IN SCHEMA projection_accounts TO laurel_app;

-- Signed-in sessions, shared by every instance of the service. The cookie carries a random
-- token; only its SHA-256 is stored, so a copy of this table signs no one in.
CREATE TABLE console_sessions (
    token_sha256 text PRIMARY KEY,
    tenant text NOT NULL,
    login text NOT NULL,
    -- The secret every form of the session carries (CSRF), compared on each POST.
    csrf_secret text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX ON console_sessions (expires_at);
ALTER TABLE console_sessions OWNER TO laurel_owner;
GRANT SELECT, INSERT, DELETE ON console_sessions TO laurel_app;

-- Failed sign-ins in a row per login: each makes the next wait longer, and enough of them lock
-- the login until `locked_until`. A successful sign-in deletes the row.
CREATE TABLE console_sign_in_failures (
    tenant text NOT NULL,
    login text NOT NULL,
    failures integer NOT NULL,
    last_failed_at timestamptz NOT NULL,
    locked_until timestamptz,
    PRIMARY KEY (tenant, login)
);
ALTER TABLE console_sign_in_failures OWNER TO laurel_owner;
GRANT SELECT, INSERT, UPDATE, DELETE ON console_sign_in_failures TO laurel_app;
