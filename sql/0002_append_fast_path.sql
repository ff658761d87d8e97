-- A cheaper `laurel_append` for the common case: a new append that does not conflict.
--
-- 0001's function checks every append for a retry before writing: it joins the new events'
-- ids against the log. That costs an append more server time than its INSERT, and worse, a
-- session plans that join once, so a connection that first appended while the log was small
-- keeps scanning the whole log for every append (a fresh database ran at a fifth of the speed
-- of plain INSERTs). This one writes straight away, in a subtransaction, and lets the unique
-- index on event_id notice a stored id. Only when an id turns out to be stored, or the
-- expected version does not hold, does it undo that subtransaction and hand the append to
-- 0001's function, kept as `laurel_append_checked`, which tells a retry (the original result,
-- nothing written) from an id reused with other content (LA002) or a version conflict (LA001)
-- exactly as before. The last position comes back from the INSERT itself.
--
-- Same signature, results, errors and guarantees as 0001's `laurel_append`: see there.

ALTER FUNCTION laurel_append(text, text, text, bigint, jsonb) RENAME TO laurel_append_checked;

CREATE FUNCTION laurel_append(
    p_tenant text, p_category text, p_stream text, p_expected bigint, p_events jsonb,
    OUT from_version bigint, OUT to_version bigint, OUT last_position bigint,
    OUT last_transaction_id xid8
) LANGUAGE plpgsql AS $$
DECLARE
    event_count integer := jsonb_array_length(p_events);
    current_version bigint;
    previous text;
    event jsonb;
    now_at timestamptz := now();
    version bigint;
    hashes text[] := '{}';
    previous_hashes text[] := '{}';
BEGIN
    IF event_count > 0 THEN
        BEGIN
            -- Claim the versions, as 0001 does: the stream's row lock orders its writers.
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

            -- NULL when the expected version does not hold: nothing was written.
            IF current_version IS NOT NULL THEN
                -- The stream's last event: none above current_version exists (this append holds
                -- the stream's row). Asked for as "the lowest from current_version on", so that
                -- only the stream's own index serves it in order: asked for by equality, a
                -- session planning while the log is small may pick the tenant's index and then
                -- keep reading every event of the tenant.
                IF current_version > 0 THEN
                    SELECT e.hash INTO previous FROM events e
                     WHERE e.tenant_id = p_tenant AND e.stream = p_stream AND e.stream_version >= current_version
                     ORDER BY e.stream_version
                     LIMIT 1;
                END IF;

                -- The hash chain of docs/event-encoding.md, computed in order.
                version := current_version;
                FOR event IN SELECT value FROM jsonb_array_elements(p_events) LOOP
                    version := version + 1;
                    previous_hashes := previous_hashes || previous;
                    previous := laurel_event_hash(
                        p_tenant, p_stream, version, (event->>'id')::uuid, event->>'type',
                        (event->>'schema_version')::integer, event->'payload', event->'metadata', now_at, previous);
                    hashes := hashes || previous;
                END LOOP;

                WITH inserted AS (
                    INSERT INTO events (tenant_id, stream, category, stream_version, event_id, event_type,
                                        schema_version, payload, metadata, recorded_at, hash, previous_hash)
                    SELECT p_tenant, p_stream, p_category, current_version + n.ordinality, (n.value->>'id')::uuid,
                           n.value->>'type', (n.value->>'schema_version')::integer, n.value->'payload',
                           n.value->'metadata', now_at, hashes[n.ordinality], previous_hashes[n.ordinality]
                      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(value, ordinality)
                     ORDER BY n.ordinality
                    RETURNING position)
                SELECT max(position) INTO last_position FROM inserted;
            END IF;
        EXCEPTION WHEN unique_violation THEN
            -- An id is stored already; everything since BEGIN is undone.
            current_version := NULL;
        END;
    END IF;

    IF current_version IS NULL THEN
        -- A version conflict, a stored id or an empty append: the full check decides (a retry
        -- returns its original result) and raises what 0001 raises.
        SELECT c.from_version, c.to_version, c.last_position, c.last_transaction_id
          INTO from_version, to_version, last_position, last_transaction_id
          FROM laurel_append_checked(p_tenant, p_category, p_stream, p_expected, p_events) c;
        RETURN;
    END IF;

    from_version := current_version + 1;
    to_version := current_version + event_count;
    last_transaction_id := pg_current_xact_id();
END
$$;

ALTER FUNCTION laurel_append(text, text, text, bigint, jsonb) OWNER TO laurel_owner;
GRANT EXECUTE ON FUNCTION laurel_append(text, text, text, bigint, jsonb) TO laurel_app;
