-- Every submission asks the registry which titles its nominee holds (not revoked). A session
-- prepares that query once and, after a few runs, keeps a generic plan. Planned while the
-- registry was still empty and never analysed (a new database, for up to a minute until
-- autovacuum analyses it), the generic plan chose 0024's (tenant, year, name) index, which
-- yields the order the query asked for, and filtered the tenant's whole registry by nominee:
-- about 0.8 ms a submission after 1,600 awards in the HTTP benchmark, growing with the
-- registry. This partial index matches the query's condition exactly, and the query no longer
-- asks PostgreSQL for an order (the few titles are sorted by the service), so no plan has a
-- reason to prefer another index.
CREATE INDEX awards_held_by_nominee ON projection_awards.awards (tenant, nominee_id) WHERE NOT revoked;
