#!/usr/bin/env bash
# Event store benchmarks beside pgbench, against the same server in one run (issue #3).
#
# Run by scripts/bench from the repository root, with LAUREL_BENCH (the laurel-bench binary),
# LAUREL_BENCH_URL (a database the event store may migrate, fsync on), LAUREL_BENCH_SECONDS and
# LAUREL_BENCH_PGBIN (where psql and pgbench are). LAUREL_BENCH_CLIENTS sets the writer counts
# (default "1 16").
set -euo pipefail

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
clients="${LAUREL_BENCH_CLIENTS:-1 16}"
batch=100
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Laurel's own figures first: this also applies the migrations the pgbench table copies.
"$bin" eventstore --url "$url" --clients "${clients// /,}" --seconds "$seconds" --batch "$batch" | tee "$work/laurel.txt"
# The same single appends with group commit: concurrent appends share transactions, on up to
# $group connections (EventStore.Options.groupCommitConnections).
group=4
"$bin" eventstore --url "$url" --clients "${clients// /,}" --seconds "$seconds" --measure single --group-commit "$group" \
    | tee "$work/laurel-group.txt"

# pgbench writes rows of the same shape and size to a copy of the events table (same columns,
# identity and indexes, no triggers or functions).
psql -X -q -v ON_ERROR_STOP=1 "$url" <<'SQL'
DROP TABLE IF EXISTS bench_events;
CREATE TABLE bench_events (LIKE events INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES);
SQL

columns="tenant_id, stream, category, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, hash, previous_hash"
values="'bench', 'bench-' || gen_random_uuid(), 'bench', 1, gen_random_uuid(), 'BenchmarkEvent', 1,
  '{\"unit\": \"Viện kiểm sát nhân dân khu vực 7\", \"title\": \"Chiến sĩ thi đua cơ sở\", \"score\": 95, \"year\": 2026}',
  '{\"actor_id\": \"officer-7\", \"actor_roles\": [\"unit_officer\"], \"correlation_id\": \"bench\", \"request_id\": \"bench\", \"reason\": \"benchmark\"}',
  now(), md5(random()::text) || md5(random()::text), md5(random()::text) || md5(random()::text)"
echo "INSERT INTO bench_events ($columns) VALUES ($values);" | tr '\n' ' ' > "$work/single.sql"
echo "INSERT INTO bench_events ($columns) SELECT $values FROM generate_series(1, $batch);" | tr '\n' ' ' > "$work/batch.sql"

pgbench_tps() {  # script clients -> transactions per second
    pgbench -n -f "$1" -c "$2" -j "$2" -T "$seconds" "$url" 2>/dev/null \
        | awk '/^tps = / { print $3; exit }'
}

for c in $clients; do
    echo "pgbench.single clients=$c rate=$(pgbench_tps "$work/single.sql" "$c")" | tee -a "$work/pgbench.txt"
done
for c in $clients; do
    tps="$(pgbench_tps "$work/batch.sql" "$c")"
    echo "pgbench.batch clients=$c batch=$batch rate=$(awk -v t="$tps" -v b="$batch" 'BEGIN { printf "%.1f", t * b }')" | tee -a "$work/pgbench.txt"
done

# COPY of the same rows in the same order as the event store reads them.
rows="$(psql -X -qAt "$url" -c "SELECT count(*) FROM events")"
start="$(date +%s.%N)"
psql -X -q "$url" -c "COPY (SELECT position, transaction_id, tenant_id, category, stream, stream_version, event_id, event_type, schema_version, payload, metadata, recorded_at, hash, previous_hash FROM events ORDER BY transaction_id, position) TO STDOUT" > /dev/null
end="$(date +%s.%N)"
echo "copy.all rows=$rows rate=$(awk -v r="$rows" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", r / (e - s) }')" | tee -a "$work/pgbench.txt"

figure() {  # file prefix clients -> rate
    awk -v p="$2" -v c="clients=$3" '$1 == p && ($2 == c || c == "clients=") { sub("rate=", "", $NF); print $NF; exit }' "$1"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }

echo
echo "## Event store vs PostgreSQL"
echo "Event store vs PostgreSQL ($(nproc) cores, fsync $(psql -X -qAt "$url" -c 'SHOW fsync'), ${seconds}s each)"
printf '%-28s %14s %14s %8s %6s\n' "measurement" "laurel" "postgres" "ratio" "goal"
for c in $clients; do
    l="$(figure "$work/laurel.txt" append.single "$c")"; p="$(figure "$work/pgbench.txt" pgbench.single "$c")"
    printf '%-28s %14s %14s %8s %6s\n' "append 1 event, $c writers" "$l ev/s" "$p ev/s" "$(ratio "$l" "$p")" "$([ "$c" = 16 ] && echo 80% || echo -)"
done
for c in $clients; do
    l="$(figure "$work/laurel-group.txt" append.single "$c")"; p="$(figure "$work/pgbench.txt" pgbench.single "$c")"
    printf '%-28s %14s %14s %8s %6s\n' "append 1 event, $c, group $group" "$l ev/s" "$p ev/s" "$(ratio "$l" "$p")" "$([ "$c" = 16 ] && echo 80% || echo -)"
done
for c in $clients; do
    l="$(figure "$work/laurel.txt" append.batch "$c")"; p="$(figure "$work/pgbench.txt" pgbench.batch "$c")"
    printf '%-28s %14s %14s %8s %6s\n' "append $batch events, $c writers" "$l ev/s" "$p ev/s" "$(ratio "$l" "$p")" "70%"
done
l="$(figure "$work/laurel.txt" read.all "")"; p="$(figure "$work/pgbench.txt" copy.all "")"
printf '%-28s %14s %14s %8s %6s\n' "read whole log in order" "$l rows/s" "$p rows/s" "$(ratio "$l" "$p")" "50%"
