-- `laurel_append_streams` reads each stream's last event through the log's unique index on
-- (tenant, stream, version), whatever the statistics say when a session first plans it.
--
-- PL/pgSQL keeps a session's plan of that read: after five calls, the generic plan, if it does not
-- look dearer than the ones made for the calls. Made while the log is small, or before the first
-- ANALYZE of a new database, both look alike, and the generic plan may take the tenant's index
-- (tenant, transaction, position), filter the stream and sort: one step on the index while the
-- log is small, every event of the tenant for each stream once it is not. A session that kept
-- such a plan made a year-end's submissions two to four times slower (measured with every plan
-- forced generic, `plan_cache_mode = force_generic_plan`: submit 2.5-3.8 s against 1.0, intake
-- 5.5 s against 0.6), and it showed now and then in ordinary runs as one backend's CPU tripling.
--
-- The tenant's index can give that read only through a sort, and the unique index without one, so
-- with sorts priced out (`enable_sort = off`) every plan of it takes the unique index. The
-- function's other statements keep their sorts (they have no plan without one; the setting only
-- adds to their estimated cost), and `jit = off` keeps that cost from starting JIT compilation,
-- which no statement here needs. Measured with the same forced generic plans: submit 1.1 s and
-- intake 1.1 s (what remains is the client's own statements, forced generic too); with the
-- planner left alone, group commits of single appends (16 writers, three rounds) ran
-- 10,914-11,212 events/s against 10,916-11,199 without the settings.

ALTER FUNCTION laurel_append_streams(jsonb) SET enable_sort = off;
ALTER FUNCTION laurel_append_streams(jsonb) SET jit = off;
