#!/usr/bin/env bash
# The HTTP service under load (issue #6): the release `laurel serve` as a process of its own on
# the bench cluster, 32 workers running full ad hoc workflows (submit → accept → approve) over
# keep-alive connections (`laurel-bench http`), next to the event store's single-event append
# rate at as many writers on the same database in the same run.
#
# LAUREL_BENCH_HTTP_CLIENTS sets the worker (and writer) count (default 32). Exits 1 when any
# command failed or the server did not stop cleanly, after printing the table.
#
# The cluster's WAL is made ahead first, unless LAUREL_BENCH_WAL_AHEAD=0. A cluster that has run
# a while writes into recycled WAL segments; a brand-new one creates each 16 MB segment as it
# fills, zero-filling and syncing it while every commit waits (about 30 ms on the bench machine),
# once every two seconds or so at this load: a step in the p99 that a running service does not
# have (docs/benchmarks.md, "HTTP service"). So a scratch table writes about 250 MB of WAL, and two
# checkpoints leave its segments to be recycled by the run and by its reference alike.
set -euo pipefail

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bench="${LAUREL_BENCH:-.build/release/laurel-bench}"
laurel="$(dirname "$bench")/laurel"
seconds="${LAUREL_BENCH_SECONDS:-5}"
clients="${LAUREL_BENCH_HTTP_CLIENTS:-32}"
unit="vksnd-hanoi"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
work="$(mktemp -d)"
fragment="40-http"
# shellcheck source=scripts/bench.d/lib/serve.sh
source "$(dirname "$0")/lib/serve.sh"
trap 'stop_server; rm -rf "$work"' EXIT

bench_database bench_http

wal_ahead=no
if [ "${LAUREL_BENCH_WAL_AHEAD:-1}" != 0 ]; then
  wal_ahead=yes
  psql -X -q "$url" \
    -c "CREATE TABLE laurel_bench_wal AS SELECT repeat(md5(g::text), 30) AS filler FROM generate_series(1, 250000) AS g" \
    -c "DROP TABLE laurel_bench_wal" -c "CHECKPOINT" -c "SELECT pg_switch_wal()" -c "CHECKPOINT" > /dev/null
fi
echo "http.wal made_ahead=$wal_ahead" \
  "segments=$(psql -X -Atc "SELECT count(*) FROM pg_ls_waldir()" "$url")"

start_server

status=0
"$bench" http --server "http://127.0.0.1:$port" --clients "$clients" --seconds "$seconds" --unit "$unit" \
  --officer-token "$(token bench-officer unit_officer "$unit")" \
  --office-token "$(token bench-office standing_office vksndtc)" \
  --head-token "$(token bench-head head_of_agency vksndtc)" | tee "$work/http.txt" || status=1

# VmHWM: the most the server's resident set ever was, read before it stops.
peak_kb="$(awk '/^VmHWM:/ { print $2 }' "/proc/$server/status" 2>/dev/null || true)"
# CPU seconds the server used (user + system, warm-up included): where the time goes.
cpu_s="$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$server/stat" 2>/dev/null || true)"
echo "http.server peak_rss_kb=${peak_kb:-unknown} cpu_s=${cpu_s:-unknown}" | tee -a "$work/http.txt"
kill -TERM "$server" 2>/dev/null || echo "40-http: laurel serve died during the run" >&2
exit_code=0
wait "$server" || exit_code=$?
server=""
echo "http.server exit=$exit_code" | tee -a "$work/http.txt"
if [ "$exit_code" != 0 ]; then
  echo "40-http: laurel serve exited with $exit_code on SIGTERM:" >&2
  cat "$work/server.log" >&2
  status=1
elif [ -s "$work/server.log" ]; then
  echo "40-http: laurel serve logged at warning or above:" >&2
  cat "$work/server.log" >&2
fi

# The event store alone, on the same database, with the server stopped.
"$bench" eventstore --url "$db_url" --clients "$clients" --seconds "$seconds" --measure single | tee "$work/store.txt"

value() {  # file prefix key
  awk -v p="$2" -v k="$3" '$1 == p { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) { print kv[2]; exit } } }' "$1"
}
rate="$(value "$work/http.txt" http.commands rate)"
store="$(value "$work/store.txt" append.single rate)"
peak_mib="$(awk -v k="${peak_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')"
echo
echo "## HTTP service ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${seconds}s, $clients connections, WAL made ahead: $wal_ahead)"
echo "| measure | Laurel | reference | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| commands/s (submit, accept, approve) | $rate | $store (store, 1 event, $clients writers) | $(awk -v a="$rate" -v b="$store" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }') | ≥ 40% |"
echo "| latency p50 / p99 (ms) | $(value "$work/http.txt" http.commands p50_ms) / $(value "$work/http.txt" http.commands p99_ms) | | | p99 < 50 ms |"
echo "| server peak resident memory (VmHWM) | $peak_mib MiB | | | < 150 MB |"
echo "| failed commands | $(value "$work/http.txt" http.commands failures) | | | 0 |"
exit "$status"
