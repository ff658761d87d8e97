#!/usr/bin/env bash
# Event store appends beside PostgreSQL's own limit, in one run (issues #3 and #26).
#
# The reference is PostgreSQL at its best on this machine: pgbench with prepared statements
# (-M prepared) and as many threads as cores (-j), inserting rows of the same shape and size
# (a copy of the events table, same columns, identity and indexes, no triggers or functions).
# Both sides write the median event `laurel demo` records (scripts/bench.d/median-event.json: its
# payload and metadata, and how they were chosen). pgbench also calls `laurel_append` itself, to
# show the append function's cost apart from Laurel's client, and a comparable event store in
# PL/pgSQL (message-db's `write_message`) writing the same rows. Everything runs in a database
# made anew for the run. Laurel and pgbench take turns, configuration by configuration, for
# LAUREL_BENCH_ROUNDS rounds (default 2), each run after an ANALYZE and a CHECKPOINT, so neither
# side inherits the other's dirty pages; each figure is printed, and the table compares the
# medians.
#
# Run by scripts/bench from the repository root, with LAUREL_BENCH (the laurel-bench binary),
# LAUREL_BENCH_URL (a database the event store may migrate, fsync on), LAUREL_BENCH_SECONDS and
# LAUREL_BENCH_PGBIN (where psql and pgbench are). LAUREL_BENCH_CLIENTS sets the writer counts
# (default "1 16"), LAUREL_BENCH_GROUP_COMMIT the group commit's connections (default 2).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
clients="${LAUREL_BENCH_CLIENTS:-1 16}"
rounds="${LAUREL_BENCH_ROUNDS:-2}"
cores="$(nproc)"
batch=100
# Group commit on two connections: fewer, larger groups than on four (each group is one call of
# laurel_append_streams, whose fixed cost is most of a small group's), still two commits in
# flight. Sixteen writers, 5 s, two rounds each: 1 connection 11,659 / 10,819 events/s, 2
# connections 11,949 / 11,626, 4 connections 9,710 / 9,861, 8 connections 9,132 / 8,307.
group="${LAUREL_BENCH_GROUP_COMMIT:-2}"
event="$(dirname "$0")/median-event.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A database of its own, new each run: the reference's table starts empty, so must the log. On a
# log a run before left (a million rows and more, its indexes past shared_buffers) each append
# read index pages from the kernel's cache that pgbench's new table had in shared buffers: that
# alone cost `laurel_append` about 30 µs a call, where a plain insert took 150 to 200.
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
bench_database bench_eventstore
url="$db_url"

# Migrates the database (the pgbench table copies `events`).
"$bin" eventstore --url "$url" --clients 1 --seconds 0.1 --measure single --event "$event" > /dev/null
psql -X -q -v ON_ERROR_STOP=1 "$url" <<'SQL'
DROP TABLE IF EXISTS bench_events;
CREATE TABLE bench_events (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS INCLUDING INDEXES);
SQL

# The same event as SQL literals: its payload and metadata exactly as laurel-bench sends them.
literal() {  # key -> the event's JSON value, compact, quoted for SQL
  python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))[sys.argv[2]]
text = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), sort_keys=True) if isinstance(value, dict) else value
print("'"'"'" + text.replace("'"'"'", "'"''"'") + "'"'"'")' "$event" "$1"
}
columns="tenant_id, stream, category, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, hash, previous_hash"
values="'bench', 'bench-' || gen_random_uuid(), 'bench', 1, gen_random_uuid(), $(literal type), 1, $(literal payload), $(literal metadata),
  now(), md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text)"
echo "INSERT INTO bench_events ($columns) VALUES ($values);" | tr '\n' ' ' > "$work/single.sql"
# The append function alone: pgbench calling `laurel_append` with the same event, a stream per
# client, so the function's own cost shows apart from Laurel's client.
echo "SELECT * FROM laurel_append('bench', 'bench', 'pgbench-' || :client_id, -2, jsonb_build_array(jsonb_build_object(
  'id', gen_random_uuid(), 'type', $(literal type), 'schema_version', 1, 'payload', $(literal payload)::jsonb,
  'metadata', $(literal metadata)::jsonb)));" | tr '\n' ' ' > "$work/function.sql"
echo "INSERT INTO bench_events ($columns) SELECT $values FROM generate_series(1, $batch);" | tr '\n' ' ' > "$work/batch.sql"
# A comparable event store in PL/pgSQL, on the same rows: message-db's `write_message` (1.3), its
# steps in one function, which spares it message-db's nested calls: a transaction lock on a hash of
# the stream's category, the stream's version read, the expectation checked, one INSERT ...
# VALUES. No hash chain, no id check, no SECURITY DEFINER: what Laurel's function does besides
# that is what the two rows' gap costs. Each client writes a category of its own, so message-db's
# per-category lock does not serialize sixteen writers. The version is read as Laurel reads it,
# the stream's last entry in the index: message-db's `max(position)`, in the generic plan a
# session keeps, aggregates the whole stream (thousands of versions here, one a row), and fell to
# a third of this form's rate.
psql -X -q -v ON_ERROR_STOP=1 "$url" <<SQL
CREATE OR REPLACE FUNCTION bench_write_message(p_id uuid, p_stream text, p_type text, p_payload jsonb,
                                               p_metadata jsonb, p_expected bigint DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS \$\$
DECLARE
    current_version bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(left('x' || md5(split_part(p_stream, '-', 1)), 17)::bit(64)::bigint);
    SELECT stream_version INTO current_version FROM bench_events WHERE tenant_id = 'bench' AND stream = p_stream
     ORDER BY stream_version DESC LIMIT 1;
    current_version := coalesce(current_version, 0);
    IF p_expected IS NOT NULL AND p_expected <> current_version THEN
        RAISE EXCEPTION 'wrong expected version: % (stream %, version %)', p_expected, p_stream, current_version;
    END IF;
    INSERT INTO bench_events ($columns)
    VALUES ('bench', p_stream, 'bench', current_version + 1, p_id, p_type, 1, p_payload, p_metadata, now(),
            md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text));
    RETURN current_version + 1;
END
\$\$;
SQL
echo "SELECT bench_write_message(gen_random_uuid(), 'comparable' || :client_id || '-1', $(literal type),
  $(literal payload)::jsonb, $(literal metadata)::jsonb);" | tr '\n' ' ' > "$work/comparable.sql"
echo "eventstore.event $(python3 -c 'import json, sys; e = json.load(open(sys.argv[1])); print("type=" + e["type"], "payload_bytes=" + str(len(json.dumps(e["payload"], ensure_ascii=False).encode())), "metadata_bytes=" + str(len(json.dumps(e["metadata"], ensure_ascii=False).encode())))' "$event")"

# Before each run: statistics of both tables as they are (as autovacuum keeps a database in use;
# plans made on the statistics of a new, empty table read a stream by scanning its tenant's
# rows), and a checkpoint, so that no run inherits another's dirty pages.
checkpoint() { psql -X -q "$url" -c "ANALYZE events, bench_events" -c "CHECKPOINT"; }
laurel_rate() {  # measure clients [group commit] -> events per second
  "$bin" eventstore --url "$url" --clients "$2" --seconds "$seconds" --measure "$1" --batch "$batch" --event "$event" \
    --group-commit "${3:-0}" | awk -v m="append.$1" '$1 == m { for (i = 2; i <= NF; i++) if ($i ~ /^rate=/) { sub("rate=", "", $i); print $i } }'
}
pgbench_rate() {  # script clients events-per-transaction -> events per second
  local threads=$(( $2 < cores ? $2 : cores ))
  pgbench -n -M prepared -f "$1" -c "$2" -j "$threads" -T "$seconds" "$url" 2>/dev/null \
    | awk -v per="$3" '/^tps = / { printf "%.1f\n", $3 * per; exit }'
}
record() {  # name value
  echo "$1 $2" | tee -a "$work/figures.txt" | sed 's/^/eventstore.run round='"$round"' /'
}

for round in $(seq 1 "$rounds"); do
  for c in $clients; do
    checkpoint; record "laurel.single.$c" "$(laurel_rate single "$c")"
    checkpoint; record "postgres.single.$c" "$(pgbench_rate "$work/single.sql" "$c" 1)"
    checkpoint; record "laurel.group.$c" "$(laurel_rate single "$c" "$group")"
    checkpoint; record "function.single.$c" "$(pgbench_rate "$work/function.sql" "$c" 1)"
    checkpoint; record "comparable.single.$c" "$(pgbench_rate "$work/comparable.sql" "$c" 1)"
  done
  for c in $clients; do
    checkpoint; record "laurel.batch.$c" "$(laurel_rate batch "$c")"
    checkpoint; record "postgres.batch.$c" "$(pgbench_rate "$work/batch.sql" "$c" "$batch")"
  done
done

# Reading: the whole log in order, against COPY of the same rows in the same order.
"$bin" eventstore --url "$url" --clients 1 --seconds 0.1 --measure read --event "$event" | tee "$work/read.txt"
rows="$(psql -X -qAt "$url" -c "SELECT count(*) FROM events")"
start="$(date +%s.%N)"
psql -X -q "$url" -c "COPY (SELECT position, transaction_id, tenant_id, category, stream, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, hash, previous_hash FROM events ORDER BY transaction_id, position) TO STDOUT" > /dev/null
end="$(date +%s.%N)"
copy_rate="$(awk -v r="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", r / (e - s) }')"
read_rate="$(awk '$1 == "read.all" { for (i = 2; i <= NF; i++) if ($i ~ /^rate=/) { sub("rate=", "", $i); print $i } }' "$work/read.txt")"
echo "copy.all rows=$rows rate=$copy_rate"

runs() { awk -v n="$1" '$1 == n { printf "%s%s", sep, $2; sep = " / " }' "$work/figures.txt"; }
rounds_median() {  # of a figure's rounds, whole
  awk -v n="$1" '$1 == n { print $2 }' "$work/figures.txt" | median | awk '{ printf "%.0f", $1 }'
}
row() {  # label laurel-name postgres-name goal
  echo "| $1 | $(runs "$2") | **$(rounds_median "$2")** | $(runs "$3") | **$(rounds_median "$3")** | $(ratio "$(rounds_median "$2")" "$(rounds_median "$3")") | $4 |"
}

echo
echo "## Event store vs PostgreSQL ($cores cores, fsync $(psql -X -qAt "$url" -c 'SHOW fsync'), ${seconds}s a run, $rounds rounds, load average $(cut -d' ' -f1-3 /proc/loadavg))"
echo "| appends (ev/s) | Laurel, each round | median | pgbench -M prepared -j $cores, each round | median | ratio | goal |"
echo "|---|---|---|---|---|---|---|"
for c in $clients; do
  row "1 event, $c writers, each alone" "laurel.single.$c" "postgres.single.$c" "$([ "$c" = 1 ] && echo 80% || echo 60%)"
  row "1 event, $c writers, group commit $group" "laurel.group.$c" "postgres.single.$c" "$([ "$c" = 1 ] && echo - || echo 80%)"
done
for c in $clients; do
  row "$batch events, $c writers" "laurel.batch.$c" "postgres.batch.$c" "80%"
done
for c in $clients; do
  row "1 event, $c writers: \`laurel_append\` called by pgbench" "function.single.$c" "postgres.single.$c" "–"
done
for c in $clients; do
  row "1 event, $c writers: a comparable store (message-db's \`write_message\`) called by pgbench" "comparable.single.$c" "postgres.single.$c" "–"
done
echo "| read the whole log in order (rows/s) | | **$read_rate** | COPY | **$copy_rate** | $(ratio "$read_rate" "$copy_rate") | 50% |"
