-- `laurel_append` without a subtransaction, and with less to set up per call.
--
-- 0002's function wrote inside `BEGIN … EXCEPTION`, a subtransaction on every append (its own
-- id, an entry in pg_subtrans, a commit record listing it) for an undo almost no append needs.
-- This one writes in the caller's transaction and never needs an error to find out that it
-- should not have written:
--
-- - The versions are claimed as before: the stream's row lock orders its writers. When the
--   expected version does not hold, nothing has been written.
-- - The events go in with `ON CONFLICT (event_id) DO NOTHING`: a stored id (or one a concurrent
--   transaction stores and commits meanwhile) skips its row instead of raising. All rows
--   written: done. None: the claim is put back (the stream's row deleted if this append made
--   it), and nothing else was written. Some but not all: the append holds a stored id and a new
--   one, which no retry does, so it raises LA002 at once and the transaction's abort takes the
--   written rows away. A unique violation on anything but the event id raises as in 0001.
-- - Whenever the append did not go through, 0001's full check (`laurel_append_checked`)
--   decides against what is stored, as 0002 had it: a retry returns its original result, an id
--   reused with other content raises LA002, a version that does not hold raises LA001.
--
-- The other cost was setting up expressions: PostgreSQL prepares every function call of a
-- statement (permission check, lookup) each time it runs it, and `laurel_event_hash` inlines to
-- some eighty calls, with the payload's and metadata's text and the time each made twice. The
-- events now take the hash from `laurel_event_hash_of_texts` below, over texts made once; a
-- single event (the common case) goes in with one INSERT that also reads the previous hash, a
-- batch with one INSERT whose recursive query chains the hashes. The hashes are the same.
--
-- Same signature, results and errors as 0002's function and, as 0021 left it, it runs as the
-- log's owner with a fixed search_path (CREATE OR REPLACE keeps the owner and the grants). One
-- difference: an append naming one id twice raises LA002 for that id, where 0001 and 0002 let
-- the unique violation (23505) out.

-- The event hash of docs/event-encoding.md from the fields' texts, as `laurel_event_hash` makes
-- them: the decimal version and schema version, the id's uuid output (lowercase already), the
-- payload's and metadata's jsonb output, the time as to_char there formats it. Every argument
-- but previous_hash (NULL for a stream's first event) must be set. PostgreSQL inlines it when
-- its arguments are columns or variables, which it uses twice each.
CREATE FUNCTION laurel_event_hash_of_texts(
    tenant_id text, stream text, stream_version text, event_id text, event_type text,
    schema_version text, payload text, metadata text, recorded_at text, previous_hash text
) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(format('15:laurel.event.v1%s:%s%s:%s%s:%s%s:%s%s:%s%s:%s%s:%s%s:%s%s:%s%s:%s',
        octet_length(tenant_id), tenant_id, octet_length(stream), stream, octet_length(stream_version), stream_version,
        octet_length(event_id), event_id, octet_length(event_type), event_type,
        octet_length(schema_version), schema_version, octet_length(payload), payload,
        octet_length(metadata), metadata, octet_length(recorded_at), recorded_at,
        coalesce(octet_length(previous_hash), 0), previous_hash), 'UTF8')), 'hex')
$$;

ALTER FUNCTION laurel_event_hash_of_texts(text, text, text, text, text, text, text, text, text, text) OWNER TO laurel_owner;

CREATE OR REPLACE FUNCTION laurel_append(
    p_tenant text, p_category text, p_stream text, p_expected bigint, p_events jsonb,
    OUT from_version bigint, OUT to_version bigint, OUT last_position bigint,
    OUT last_transaction_id xid8
) LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    event_count integer := jsonb_array_length(p_events);
    current_version bigint;
    written integer;
    stored uuid;
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

    -- The events go in with a statement of their own after the claim, so that its snapshot sees
    -- the event of a writer that held the stream before this one and committed meanwhile. The
    -- stream's last event is at current_version (none above it exists: this append holds the
    -- stream's row); it is asked for as "the lowest from current_version on", so that only the
    -- stream's own index serves it (see 0002).
    IF current_version IS NOT NULL AND event_count = 1 THEN
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
        ON CONFLICT (event_id) DO NOTHING
        RETURNING position INTO last_position;
        written := CASE WHEN FOUND THEN 1 ELSE 0 END;
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
            ON CONFLICT (event_id) DO NOTHING
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
        IF written > 0 THEN
            -- Some ids are stored and others are not: no retry, and rows are written that only
            -- the transaction's abort removes. Named as 0001 names it: the first stored id whose
            -- event differs, else the first stored id. A skipped row left its version free.
            SELECT (n.value->>'id')::uuid INTO stored
              FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(value, ordinality)
              JOIN events e ON e.event_id = (n.value->>'id')::uuid
             WHERE NOT EXISTS (SELECT FROM events w
                                WHERE w.tenant_id = p_tenant AND w.stream = p_stream
                                  AND w.stream_version = current_version + n.ordinality)
             ORDER BY coalesce(NOT (e.tenant_id = p_tenant AND e.stream = p_stream
                                    AND e.event_type = n.value->>'type'
                                    AND e.schema_version = (n.value->>'schema_version')::integer
                                    AND e.payload = n.value->'payload'
                                    AND e.metadata = n.value->'metadata'), false) DESC,
                      n.ordinality
             LIMIT 1;
            RAISE EXCEPTION 'event % is already stored with other content', stored
                USING ERRCODE = 'LA002', DETAIL = json_build_object('event_id', stored)::text;
        END IF;

        -- Every id is stored already: put the claim back; nothing else was written. A claim
        -- from version 0 made the stream's row (an append has events, so no row stays at 0).
        IF current_version = 0 THEN
            DELETE FROM streams s WHERE s.tenant_id = p_tenant AND s.stream = p_stream;
        ELSE
            UPDATE streams s SET version = current_version
             WHERE s.tenant_id = p_tenant AND s.stream = p_stream;
        END IF;
    END IF;

    -- A version that does not hold, a stored id or an empty append: the full check decides (a
    -- retry returns its original result) and raises what 0001 raises.
    SELECT c.from_version, c.to_version, c.last_position, c.last_transaction_id
      INTO from_version, to_version, last_position, last_transaction_id
      FROM laurel_append_checked(p_tenant, p_category, p_stream, p_expected, p_events) c;
END
$$;
