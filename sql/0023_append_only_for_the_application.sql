-- Only the application appends.
--
-- Functions are executable by PUBLIC unless told otherwise, and `laurel_append` runs as the log's
-- owner (0021): any role that can connect to the database could have written events in the
-- owner's name, whatever privileges it was given on the tables. Execution is now granted to the
-- application role, and to the role applying the migrations (tools, benchmarks and tests append
-- as it); the owner keeps it as owners do.
REVOKE EXECUTE ON FUNCTION laurel_append(text, text, text, bigint, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION laurel_append(text, text, text, bigint, jsonb) TO laurel_app, CURRENT_USER;
