-- Awards held before Laurel are imported from files (award_import-<sha256> streams, and
-- awards.imported in each person's awards stream). The awards registry shows them as imported,
-- with the file's SHA-256; every row written before this release was decided in Laurel, and no
-- import happened before it, so the defaults are already right and nothing is refilled.
ALTER TABLE projection_awards.awards
    ADD COLUMN imported boolean NOT NULL DEFAULT false,
    ADD COLUMN import_sha256 text;

-- People across years and units (PeopleProjection): one row per person, and one per title the
-- person was nominated for or held, with the unit it was held in. A new read model: its
-- checkpoint starts at the beginning of the log, so the projection runners fill it from the
-- whole log on their first run, as a rebuild would (see docs/operations.md).
CREATE SCHEMA projection_people;
CREATE TABLE projection_people.people (
    tenant text NOT NULL,
    person_id text NOT NULL,
    -- The name the log recorded last.
    name text NOT NULL,
    -- The name folded to ASCII lower case (diacritics and đ removed), for accent-blind search.
    name_search text NOT NULL,
    -- Every unit the person was nominated in or held a title in, in the order first seen: the
    -- units a caller must cover one of to see the person.
    units text[] NOT NULL,
    PRIMARY KEY (tenant, person_id)
);
-- Searches and pages go by folded name and id.
CREATE INDEX people_by_name ON projection_people.people (tenant, name_search, person_id);
CREATE TABLE projection_people.person_titles (
    tenant text NOT NULL,
    -- The nomination's id, or an imported award's key (imported-PERSON-YEAR-TITLE).
    record_id text NOT NULL,
    person_id text NOT NULL,
    -- The unit the person was in for this title.
    unit text NOT NULL,
    year integer NOT NULL,
    title text NOT NULL,
    title_name text NOT NULL,
    kind text NOT NULL,
    -- Held before Laurel and imported, rather than decided in Laurel.
    imported boolean NOT NULL,
    -- The nomination's state, or 'imported'.
    state text NOT NULL,
    decision_number text,
    decision_date date,
    import_sha256 text,
    recorded_position bigint NOT NULL,
    PRIMARY KEY (tenant, record_id)
);
CREATE INDEX person_titles_by_person ON projection_people.person_titles (tenant, person_id, year);

GRANT USAGE ON SCHEMA projection_people TO laurel_app;
GRANT SELECT ON ALL TABLES IN SCHEMA projection_people TO laurel_app;
