-- The installation's checkpoint key: what a command's answer seals its log position with, per
-- tenant, so the checkpoint a tenant is handed says nothing of other tenants' events
-- (CheckpointTokens). Made here, once, so every instance seals and opens alike.
-- gen_random_uuid() draws from pg_strong_random(); two of them give 244 random bits.

CREATE TABLE laurel_checkpoint_key (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    key bytea NOT NULL CHECK (length(key) = 32)
);
INSERT INTO laurel_checkpoint_key (key)
VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
ALTER TABLE laurel_checkpoint_key OWNER TO laurel_owner;
GRANT SELECT ON laurel_checkpoint_key TO laurel_app;
