-- The files of nominations' dossiers, stored by their SHA-256: the nomination's events keep the
-- hash (as before), this table the bytes. Content-addressed, so the same file in two dossiers is
-- stored once and a row never changes: the application inserts and reads, never updates or
-- deletes. Reading one recomputes the hash and refuses the file when it no longer matches.
CREATE TABLE dossier_documents (
    tenant text NOT NULL,
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- What the file's first bytes say it is (application/pdf, image/png, image/jpeg).
    media_type text NOT NULL,
    byte_count integer NOT NULL CHECK (byte_count > 0),
    content bytea NOT NULL,
    -- Who uploaded it first, and when.
    uploaded_by text NOT NULL,
    uploaded_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, sha256)
);
ALTER TABLE dossier_documents OWNER TO laurel_owner;
GRANT SELECT, INSERT ON dossier_documents TO laurel_app;
