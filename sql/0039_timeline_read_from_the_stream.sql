-- A nomination's timeline is read from its stream, the one read the log's index by stream
-- serves best, so the history read model that copied every nomination event into a row of its
-- own is dropped: each event writes a row fewer, and a rebuild has a table fewer to fill. The
-- copy a rebuild interrupted may have left goes with it, and so does the read model's
-- checkpoint.

DROP SCHEMA IF EXISTS projection_history CASCADE;
DROP SCHEMA IF EXISTS projection_history_rebuild CASCADE;
DELETE FROM laurel_projection_checkpoints WHERE name = 'history';
