-- Read models (projections), each in a schema of its own so that a rebuild can fill a fresh
-- copy (<schema>_rebuild) while the live one serves, then take its place by renaming schemas.

CREATE TABLE laurel_projection_checkpoints (
    name text PRIMARY KEY,
    transaction_id bigint NOT NULL,
    position bigint NOT NULL,
    events_applied bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Nominations: one row per nomination, for lists and filters.
CREATE SCHEMA projection_nominations;
CREATE TABLE projection_nominations.nominations (
    tenant text NOT NULL,
    nomination_id text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    title_name text NOT NULL,
    year integer NOT NULL,
    nominee_type text NOT NULL,
    nominee_id text NOT NULL,
    nominee_name text NOT NULL,
    -- The name folded to ASCII lower case (diacritics and đ removed), for accent-blind search.
    nominee_search text NOT NULL,
    unit text NOT NULL,
    state text NOT NULL,
    holds jsonb NOT NULL DEFAULT '{}',
    stage_entered_on date NOT NULL,
    stage_deadline date,
    rule_set_version text NOT NULL,
    workflow_version integer NOT NULL,
    submitted_position bigint NOT NULL,
    version bigint NOT NULL,
    last_changed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, nomination_id)
);
CREATE INDEX ON projection_nominations.nominations (tenant, submitted_position);
CREATE INDEX ON projection_nominations.nominations (tenant, unit, year);
CREATE INDEX ON projection_nominations.nominations (tenant, state);

-- Council agenda: sessions, recusals, the nominations scheduled, tallies and outcomes.
CREATE SCHEMA projection_council;
CREATE TABLE projection_council.sessions (
    tenant text NOT NULL,
    session_id text NOT NULL,
    council text NOT NULL,
    session_date date NOT NULL,
    members jsonb NOT NULL,
    present jsonb NOT NULL,
    chair_id text NOT NULL,
    closed boolean NOT NULL DEFAULT false,
    PRIMARY KEY (tenant, session_id)
);
CREATE TABLE projection_council.recusals (
    tenant text NOT NULL,
    session_id text NOT NULL,
    member_id text NOT NULL,
    nomination_id text NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (tenant, session_id, member_id, nomination_id)
);
CREATE TABLE projection_council.agenda (
    tenant text NOT NULL,
    session_id text NOT NULL,
    nomination_id text NOT NULL,
    scheduled_position bigint NOT NULL,
    in_favour integer,
    against integer,
    abstaining integer,
    recommended boolean,
    quorum_text text,
    threshold_text text,
    PRIMARY KEY (tenant, session_id, nomination_id)
);

-- Deadlines: every open stage with its due date in working days.
CREATE SCHEMA projection_deadlines;
CREATE TABLE projection_deadlines.open_stages (
    tenant text NOT NULL,
    nomination_id text NOT NULL,
    kind text NOT NULL,
    unit text NOT NULL,
    nominee_name text NOT NULL,
    state text NOT NULL,
    entered_on date NOT NULL,
    -- NULL while the stage has no deadline (waiting on a higher authority, or finished).
    due_on date,
    PRIMARY KEY (tenant, nomination_id)
);
CREATE INDEX ON projection_deadlines.open_stages (tenant, due_on);

-- Awards registry: titles awarded by nominee and year, revocations applied.
CREATE SCHEMA projection_awards;
CREATE TABLE projection_awards.awards (
    tenant text NOT NULL,
    nomination_id text NOT NULL,
    nominee_type text NOT NULL,
    nominee_id text NOT NULL,
    nominee_name text NOT NULL,
    unit text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    title_name text NOT NULL,
    year integer NOT NULL,
    decision_number text NOT NULL,
    decision_date date NOT NULL,
    is_front_line boolean NOT NULL,
    is_small_collective boolean NOT NULL,
    revoked boolean NOT NULL DEFAULT false,
    revocation_ground text,
    revocation_decision text,
    PRIMARY KEY (tenant, nomination_id)
);
CREATE INDEX ON projection_awards.awards (tenant, nominee_id, year);

-- Statistics: outcomes per unit, year, kind and title, and time spent in each stage.
CREATE SCHEMA projection_statistics;
CREATE TABLE projection_statistics.outcomes (
    tenant text NOT NULL,
    unit text NOT NULL,
    year integer NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    submitted integer NOT NULL DEFAULT 0,
    approved integer NOT NULL DEFAULT 0,
    rejected integer NOT NULL DEFAULT 0,
    withdrawn integer NOT NULL DEFAULT 0,
    revoked integer NOT NULL DEFAULT 0,
    approved_front_line integer NOT NULL DEFAULT 0,
    approved_small_collective integer NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, unit, year, kind, title)
);
CREATE TABLE projection_statistics.current_stage (
    tenant text NOT NULL,
    nomination_id text NOT NULL,
    unit text NOT NULL,
    year integer NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    stage text NOT NULL,
    entered_at timestamptz NOT NULL,
    PRIMARY KEY (tenant, nomination_id)
);
CREATE TABLE projection_statistics.stage_time (
    tenant text NOT NULL,
    unit text NOT NULL,
    year integer NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    stage text NOT NULL,
    stays integer NOT NULL DEFAULT 0,
    total_seconds double precision NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant, unit, year, kind, title, stage)
);

-- Decision history: per nomination, each event with actor, time, reason and rule explanation.
CREATE SCHEMA projection_history;
CREATE TABLE projection_history.timeline (
    tenant text NOT NULL,
    nomination_id text NOT NULL,
    version bigint NOT NULL,
    position bigint NOT NULL,
    event_type text NOT NULL,
    actor_id text,
    actor_roles jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    reason text,
    summary text NOT NULL,
    explanations jsonb NOT NULL,
    event_hash text NOT NULL,
    PRIMARY KEY (tenant, nomination_id, version)
);
