-- `laurel_append` inserts its events without `ON CONFLICT`.
--
-- 0022 inserted with `ON CONFLICT (event_id) DO NOTHING` so that a retry's stored ids skipped
-- their rows instead of raising. That costs every event: PostgreSQL probes the id's unique
-- index for a conflict first, then inserts speculatively and confirms the row with a WAL record
-- of its own (pgbench, 100-row inserts into a copy of the log at 16 clients, five pairs of
-- runs: about 10% fewer rows per second with the clause).
--
-- An append is all or nothing, so a retry's events are either all stored or none: one probe,
-- for its first id, tells a retry apart. Most retries do not even get that far: once the
-- events are stored, an `.exact` version other than the stream's current one and `.noStream`
-- no longer hold, the claim fails and 0001's full check (`laurel_append_checked`) returns the
-- original result before anything is written. A retry whose expectation still holds (`.any`,
-- or exactly the version its own events brought the stream to) claims, finds its first id
-- stored, puts the claim back and goes to the full check, as 0022 did when its insert skipped
-- every row.
--
-- What is left to the unique index is an id that cannot be a retry: one stored in another
-- stream or at other versions, next to new ones, or named twice in one append. The insert
-- raises a unique violation (23505) on `events_event_id_key`, whose detail names the id, and
-- the transaction's abort takes back what was written; the event store reports it as an id
-- reused with other content (`idempotencyMismatch`), as 0022 raised LA002 for it. Otherwise as
-- 0022: same signature, results, hashes and errors, run as the log's owner with a fixed
-- search_path (CREATE OR REPLACE keeps the owner and the grants of 0021 and 0023).

CREATE OR REPLACE FUNCTION laurel_append(
    p_tenant text, p_category text, p_stream text, p_expected bigint, p_events jsonb,
    OUT from_version bigint, OUT to_version bigint, OUT last_position bigint,
    OUT last_transaction_id xid8
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    event_count integer := jsonb_array_length(p_events);
    current_version bigint;
    written integer;
    now_at timestamptz := now();
    recorded_text text := to_char(now_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
BEGIN
    IF event_count > 0 THEN
        -- Claim the versions, as 0001 does. NULL when the expected version does not hold.
        IF p_expected = -1 OR p_expected = 0 THEN
            INSERT INTO streams (tenant_id, stream, category, version)
            VALUES (p_tenant, p_stream, p_category, event_count)
            ON CONFLICT (tenant_id, stream) DO NOTHING
            RETURNING 0 INTO current_version;
        ELSIF p_expected = -2 THEN
            INSERT INTO streams (tenant_id, stream, category, version)
            VALUES (p_tenant, p_stream, p_category, event_count)
            ON CONFLICT (tenant_id, stream) DO UPDATE SET version = streams.version + event_count
            RETURNING streams.version - event_count INTO current_version;
        ELSE
            UPDATE streams s SET version = s.version + event_count
             WHERE s.tenant_id = p_tenant AND s.stream = p_stream AND s.version = p_expected
            RETURNING s.version - event_count INTO current_version;
        END IF;
    END IF;

    -- A retry whose expected version still holds (any version, or exactly the version its
    -- events brought the stream to) claims versions for events that are stored: all of them,
    -- as an append is all or nothing, so its first id tells. It writes nothing and goes to the
    -- full check. A claim that made the stream (no stream expected) cannot be a retry.
    --
    -- The events go in with a statement of their own after the claim, so that its snapshot sees
    -- the event of a writer that held the stream before this one and committed meanwhile. The
    -- stream's last event is at current_version (none above it exists: this append holds the
    -- stream's row); it is asked for as "the lowest from current_version on", so that only the
    -- stream's own index serves it (see 0002).
    IF current_version IS NOT NULL AND p_expected NOT IN (-1, 0)
       AND EXISTS (SELECT FROM events e WHERE e.event_id = (p_events->0->>'id')::uuid) THEN
        written := 0;
    ELSIF current_version IS NOT NULL AND event_count = 1 THEN
        -- One event, the common case, with the fewest expressions to set up. OFFSET 0 keeps
        -- each text computed once.
        INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type,
                            schema_version, payload, metadata, recorded_at, hash, previous_hash)
        SELECT p_tenant, p_stream, p_category, current_version + 1, f.id::uuid, f.event_type,
               f.schema_version, f.payload, f.metadata, now_at,
               laurel_event_hash_of_texts(p_tenant, p_stream, (current_version + 1)::text, f.id, f.event_type,
                                          f.schema_version::text, f.payload_text, f.metadata_text, recorded_text,
                                          f.previous_hash),
               f.previous_hash
          FROM (SELECT (e.value->>'id')::uuid::text AS id, e.value->>'type' AS event_type,
                       (e.value->>'schema_version')::integer AS schema_version,
                       e.value->'payload' AS payload, (e.value->'payload')::text AS payload_text,
                       e.value->'metadata' AS metadata, (e.value->'metadata')::text AS metadata_text,
                       (SELECT s.hash FROM events s
                         WHERE current_version > 0
                           AND s.tenant_id = p_tenant AND s.stream = p_stream AND s.stream_version >= current_version
                         ORDER BY s.stream_version
                         LIMIT 1) AS previous_hash
                  FROM (SELECT p_events->0 AS value OFFSET 0) e
                OFFSET 0) f
        RETURNING position INTO last_position;
        written := 1;
    ELSIF current_version IS NOT NULL THEN
        -- A batch: the hash chain of docs/event-encoding.md, in order, by a recursive query.
        WITH RECURSIVE chain (n, hash, previous_hash, event) AS (
            SELECT 0, (SELECT s.hash FROM events s
                        WHERE current_version > 0
                          AND s.tenant_id = p_tenant AND s.stream = p_stream AND s.stream_version >= current_version
                        ORDER BY s.stream_version
                        LIMIT 1), NULL::text, NULL::jsonb
            UNION ALL
            SELECT c.n + 1,
                   laurel_event_hash_of_texts(p_tenant, p_stream, (current_version + c.n + 1)::text, f.id, f.event_type,
                                              f.schema_version, f.payload, f.metadata, recorded_text, c.hash),
                   c.hash, f.value
              FROM chain c
             CROSS JOIN LATERAL (
                   SELECT e.value, (e.value->>'id')::uuid::text AS id, e.value->>'type' AS event_type,
                          ((e.value->>'schema_version')::integer)::text AS schema_version,
                          (e.value->'payload')::text AS payload, (e.value->'metadata')::text AS metadata
                     FROM (SELECT p_events->c.n AS value OFFSET 0) e
                   OFFSET 0) f
             WHERE c.n < event_count
        ), inserted AS (
            INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type,
                                schema_version, payload, metadata, recorded_at, hash, previous_hash)
            SELECT p_tenant, p_stream, p_category, current_version + c.n, (c.event->>'id')::uuid,
                   c.event->>'type', (c.event->>'schema_version')::integer, c.event->'payload',
                   c.event->'metadata', now_at, c.hash, c.previous_hash
              FROM chain c
             WHERE c.n > 0
             ORDER BY c.n
            RETURNING position)
        SELECT count(*), max(position) INTO written, last_position FROM inserted;
    END IF;

    IF current_version IS NOT NULL THEN
        IF written = event_count THEN
            from_version := current_version + 1;
            to_version := current_version + event_count;
            last_transaction_id := pg_current_xact_id();
            RETURN;
        END IF;

        -- A retry: put the claim back; nothing else was written. A claim
        -- from version 0 made the stream's row (an append has events, so no row stays at 0).
        IF current_version = 0 THEN
            DELETE FROM streams s WHERE s.tenant_id = p_tenant AND s.stream = p_stream;
        ELSE
            UPDATE streams s SET version = current_version
             WHERE s.tenant_id = p_tenant AND s.stream = p_stream;
        END IF;
    END IF;

    -- A version that does not hold, a retry or an empty append: the full check decides (a
    -- retry returns its original result) and raises what 0001 raises.
    SELECT c.from_version, c.to_version, c.last_position, c.last_transaction_id
      INTO from_version, to_version, last_position, last_transaction_id
      FROM laurel_append_checked(p_tenant, p_category, p_stream, p_expected, p_events) c;
END
$$;
