-- The event store: an append-only log of events, the streams it holds, and the seals that chain
-- ranges of the global log. See docs/event-encoding.md for the hashes.

-- Roles are cluster-wide and several databases may be migrated at once (the tests do), so a
-- concurrent CREATE ROLE losing the race is not an error.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'laurel_owner') THEN
        BEGIN
            CREATE ROLE laurel_owner NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'laurel_app') THEN
        BEGIN
            CREATE ROLE laurel_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
END
$$;

GRANT USAGE, CREATE ON SCHEMA public TO laurel_owner;
GRANT USAGE ON SCHEMA public TO laurel_app;

CREATE TABLE streams (
    tenant_id text NOT NULL,
    stream text NOT NULL,              -- "category-id"
    category text NOT NULL,
    version bigint NOT NULL CHECK (version >= 0),
    PRIMARY KEY (tenant_id, stream)
);

CREATE TABLE events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id text NOT NULL,
    stream text NOT NULL,
    category text NOT NULL,
    stream_version bigint NOT NULL CHECK (stream_version >= 1),
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    schema_version integer NOT NULL,
    payload jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    hash text NOT NULL,
    previous_hash text,
    UNIQUE (tenant_id, stream, stream_version)
);

-- The global log is read in (transaction_id, position) order, for all tenants or one.
CREATE INDEX events_log_order ON events (transaction_id, position);
CREATE INDEX events_tenant_log_order ON events (tenant_id, transaction_id, position);

CREATE TABLE seals (
    seal_number bigint PRIMARY KEY CHECK (seal_number >= 1),
    from_transaction_id xid8 NOT NULL,   -- exclusive lower bound: the previous seal's end
    from_position bigint NOT NULL,
    to_transaction_id xid8 NOT NULL,     -- inclusive upper bound: the range's last event
    to_position bigint NOT NULL,
    event_count bigint NOT NULL,
    events_digest text NOT NULL,
    previous_seal_hash text,
    seal_hash text NOT NULL,
    sealed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (previous_seal_hash)
);

-- The log and its seals are immutable, whoever asks: only a superuser who disables the triggers
-- can change them, and the hashes and seals then show it.
CREATE FUNCTION laurel_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'LA003';
END
$$;

CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION laurel_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION laurel_refuse_change();
CREATE TRIGGER seals_immutable BEFORE UPDATE OR DELETE ON seals
    FOR EACH ROW EXECUTE FUNCTION laurel_refuse_change();
CREATE TRIGGER seals_no_truncate BEFORE TRUNCATE ON seals
    FOR EACH STATEMENT EXECUTE FUNCTION laurel_refuse_change();

-- One field of the canonical encoding: its UTF-8 byte length in decimal, ':', the bytes.
CREATE FUNCTION laurel_field(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT octet_length(value)::text || ':' || value
$$;

-- The event hash of docs/event-encoding.md. The event store's verifier recomputes it in Swift,
-- independently of this function. STABLE (as to_char is), so that PostgreSQL inlines it.
CREATE FUNCTION laurel_event_hash(
    tenant_id text, stream text, stream_version bigint, event_id uuid, event_type text,
    schema_version integer, payload jsonb, metadata jsonb, recorded_at timestamptz,
    previous_hash text
) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(
        laurel_field('laurel.event.v1')
        || laurel_field(tenant_id)
        || laurel_field(stream)
        || laurel_field(stream_version::text)
        || laurel_field(lower(event_id::text))
        || laurel_field(event_type)
        || laurel_field(schema_version::text)
        || laurel_field(payload::text)
        || laurel_field(metadata::text)
        || laurel_field(to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || laurel_field(coalesce(previous_hash, '')),
        'UTF8')), 'hex')
$$;

-- Appends `new_events` (a JSON array of {id, type, schema_version, payload, metadata}) to one
-- stream, in the caller's transaction.
--
-- expected_version: -1 = the stream must not exist, -2 = any, n >= 0 = its current version.
-- Raises LA001 (version conflict, detail {"tenant","stream","actual"}) or LA002 (an event id is
-- already stored with other content, detail {"event_id"}). When every id is already stored
-- with the same content, in this stream and order, it is a retry: nothing is written and the
-- original result is returned.
--
-- Only the stream's own row is locked, so writers to different streams never wait for each other.
-- It sends no NOTIFY: a notifying transaction holds PostgreSQL's cluster-wide notify lock from
-- before its commit record is flushed until it is done, which would serialize every writer's
-- commit. The event store notifies `laurel_events` in a statement of its own after the commit.
CREATE FUNCTION laurel_append(
    p_tenant text, p_category text, p_stream text, p_expected bigint, p_events jsonb,
    OUT from_version bigint, OUT to_version bigint, OUT last_position bigint,
    OUT last_transaction_id xid8
) LANGUAGE plpgsql AS $$
DECLARE
    event_count integer := jsonb_array_length(p_events);
    stored_count integer;
    matching_count integer;
    mismatched uuid;
    current_version bigint;
    previous text;
    event jsonb;
    now_at timestamptz := now();
    version bigint;
    hashes text[] := '{}';
    previous_hashes text[] := '{}';
BEGIN
    IF event_count = 0 THEN
        RAISE EXCEPTION 'an append needs at least one event' USING ERRCODE = '22023';
    END IF;

    -- A retried request: all ids stored, as the same events of the same stream in the same order.
    SELECT count(*),
           count(*) FILTER (WHERE e.tenant_id = p_tenant AND e.stream = p_stream
                            AND e.event_type = n.value->>'type'
                            AND e.schema_version = (n.value->>'schema_version')::integer
                            AND e.payload = n.value->'payload'
                            AND e.metadata = n.value->'metadata'),
           (array_agg(e.event_id ORDER BY n.ordinality) FILTER (
                WHERE NOT (e.tenant_id = p_tenant AND e.stream = p_stream
                           AND e.event_type = n.value->>'type'
                           AND e.schema_version = (n.value->>'schema_version')::integer
                           AND e.payload = n.value->'payload'
                           AND e.metadata = n.value->'metadata')))[1]
      INTO stored_count, matching_count, mismatched
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(value, ordinality)
      JOIN events e ON e.event_id = (n.value->>'id')::uuid;
    IF stored_count > 0 THEN
        IF mismatched IS NULL AND stored_count = event_count AND matching_count = event_count THEN
            SELECT min(e.stream_version), max(e.stream_version)
              INTO from_version, to_version
              FROM events e
             WHERE e.event_id IN (SELECT (value->>'id')::uuid FROM jsonb_array_elements(p_events));
            IF to_version - from_version + 1 = event_count THEN
                SELECT e.position, e.transaction_id INTO last_position, last_transaction_id
                  FROM events e
                 WHERE e.tenant_id = p_tenant AND e.stream = p_stream AND e.stream_version = to_version;
                RETURN;
            END IF;
        END IF;
        IF mismatched IS NULL THEN
            SELECT (value->>'id')::uuid INTO mismatched
              FROM jsonb_array_elements(p_events) e
             WHERE EXISTS (SELECT FROM events s WHERE s.event_id = (e.value->>'id')::uuid)
             LIMIT 1;
        END IF;
        RAISE EXCEPTION 'event % is already stored with other content', mismatched
            USING ERRCODE = 'LA002', DETAIL = json_build_object('event_id', mismatched)::text;
    END IF;

    -- Claim the versions. The row lock on the stream orders concurrent writers to the same
    -- stream; under READ COMMITTED a waiting writer re-checks the version it expected.
    IF p_expected = -1 OR p_expected = 0 THEN
        INSERT INTO streams (tenant_id, stream, category, version)
        VALUES (p_tenant, p_stream, p_category, event_count)
        ON CONFLICT (tenant_id, stream) DO NOTHING
        RETURNING 0 INTO current_version;
        IF NOT FOUND THEN
            SELECT s.version INTO current_version FROM streams s
             WHERE s.tenant_id = p_tenant AND s.stream = p_stream;
            RAISE EXCEPTION 'version conflict' USING ERRCODE = 'LA001',
                DETAIL = json_build_object('tenant', p_tenant, 'stream', p_stream, 'actual', coalesce(current_version, 0))::text;
        END IF;
    ELSIF p_expected = -2 THEN
        INSERT INTO streams (tenant_id, stream, category, version)
        VALUES (p_tenant, p_stream, p_category, event_count)
        ON CONFLICT (tenant_id, stream) DO UPDATE SET version = streams.version + event_count
        RETURNING streams.version - event_count INTO current_version;
    ELSE
        UPDATE streams s SET version = s.version + event_count
         WHERE s.tenant_id = p_tenant AND s.stream = p_stream AND s.version = p_expected
        RETURNING s.version - event_count INTO current_version;
        IF NOT FOUND THEN
            SELECT s.version INTO current_version FROM streams s
             WHERE s.tenant_id = p_tenant AND s.stream = p_stream;
            RAISE EXCEPTION 'version conflict' USING ERRCODE = 'LA001',
                DETAIL = json_build_object('tenant', p_tenant, 'stream', p_stream, 'actual', coalesce(current_version, 0))::text;
        END IF;
    END IF;

    IF current_version > 0 THEN
        SELECT e.hash INTO previous FROM events e
         WHERE e.tenant_id = p_tenant AND e.stream = p_stream AND e.stream_version = current_version;
    END IF;

    -- The hashes chain, so they are computed in order; the rows then go in with one INSERT.
    version := current_version;
    FOR event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
        version := version + 1;
        previous_hashes := previous_hashes || previous;
        previous := laurel_event_hash(
            p_tenant, p_stream, version, (event->>'id')::uuid, event->>'type',
            (event->>'schema_version')::integer, event->'payload', event->'metadata', now_at, previous);
        hashes := hashes || previous;
    END LOOP;

    INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type,
                        schema_version, payload, metadata, recorded_at, hash, previous_hash)
    SELECT p_tenant, p_stream, p_category, current_version + n.ordinality, (n.value->>'id')::uuid,
           n.value->>'type', (n.value->>'schema_version')::integer, n.value->'payload',
           n.value->'metadata', now_at, hashes[n.ordinality], previous_hashes[n.ordinality]
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(value, ordinality)
     ORDER BY n.ordinality;

    from_version := current_version + 1;
    to_version := current_version + event_count;
    last_transaction_id := pg_current_xact_id();
    SELECT e.position INTO last_position FROM events e
     WHERE e.tenant_id = p_tenant AND e.stream = p_stream AND e.stream_version = to_version;

END
$$;

ALTER TABLE streams OWNER TO laurel_owner;
ALTER TABLE events OWNER TO laurel_owner;
ALTER TABLE seals OWNER TO laurel_owner;
ALTER FUNCTION laurel_refuse_change() OWNER TO laurel_owner;
ALTER FUNCTION laurel_field(text) OWNER TO laurel_owner;
ALTER FUNCTION laurel_event_hash(text, text, bigint, uuid, text, integer, jsonb, jsonb, timestamptz, text) OWNER TO laurel_owner;
ALTER FUNCTION laurel_append(text, text, text, bigint, jsonb) OWNER TO laurel_owner;

-- The service: reads and appends to the log, never changes it.
GRANT SELECT, INSERT ON events TO laurel_app;
GRANT SELECT, INSERT, UPDATE ON streams TO laurel_app;
GRANT SELECT, INSERT ON seals TO laurel_app;
GRANT USAGE ON SEQUENCE events_position_seq TO laurel_app;
GRANT EXECUTE ON FUNCTION laurel_field(text),
    laurel_event_hash(text, text, bigint, uuid, text, integer, jsonb, jsonb, timestamptz, text),
    laurel_append(text, text, text, bigint, jsonb) TO laurel_app;
