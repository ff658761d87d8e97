-- Quotas (a unit's places for a capped title and year) and nominees' awards are aggregates with
-- streams of their own. Logs recorded before they existed get them built once from the
-- nominations' streams (see Commands/Backfill); this table records that it was done.
CREATE TABLE laurel_log_backfills (
    name text PRIMARY KEY,
    completed_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE laurel_log_backfills OWNER TO laurel_owner;
GRANT SELECT, INSERT ON laurel_log_backfills TO laurel_app;
