-- The awards registry is listed in pages by (year, nominee name, nomination): an index in that
-- order lets each page start at its cursor instead of sorting the tenant's whole registry.
CREATE INDEX awards_by_year_and_name ON projection_awards.awards (tenant, year, nominee_name, nomination_id);
