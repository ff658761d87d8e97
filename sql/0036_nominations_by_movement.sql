-- The nominations list keeps the emulation movement a thematic award names, so the statistics of
-- a movement (its nominations by title and state) are one indexed read. Nominations submitted
-- before a submission could name a movement have none: the column starts empty, with nothing to
-- rebuild.

ALTER TABLE projection_nominations.nominations ADD COLUMN movement text;
CREATE INDEX ON projection_nominations.nominations (tenant, movement) WHERE movement IS NOT NULL;
