#!/usr/bin/env bash
# Scale in one run (issue #25): the same HTTP workload (32 workers running ad hoc workflows, as in
# 40-http.sh) against one `laurel serve`, then spread over two instances on the same cluster; then
# one instance with 8 workers reading the nominations list beside the commands, the reads served
# first by the primary, then by a hot standby (`database.replica_url`, made with
# `laurel db start --standby`).
#
# On one machine the instances, the standby and PostgreSQL share its cores, so these figures say
# what the design costs and where reads go, not what separate machines would give.
set -euo pipefail

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
datadir="${LAUREL_BENCH_DATA_DIR:?set LAUREL_BENCH_DATA_DIR}"
bench="${LAUREL_BENCH:-.build/release/laurel-bench}"
laurel="$(dirname "$bench")/laurel"
seconds="${LAUREL_BENCH_SECONDS:-5}"
clients="${LAUREL_BENCH_HTTP_CLIENTS:-32}"
readers="${LAUREL_BENCH_READERS:-8}"
unit="vksnd-hanoi"
work="$(mktemp -d)"
servers=()
stop_instances() {
  for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  servers=()
}
trap 'stop_instances; "$laurel" db stop --data-dir "$datadir-standby" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

fragment="70-instances"
# shellcheck source=scripts/bench.d/lib/serve.sh
source "$(dirname "$0")/lib/serve.sh"
bench_database bench_instances
export LAUREL_AUTH_HS256_SECRET="bench-$(head -c 24 /dev/urandom | base64)"
export LAUREL_LOG_LEVEL=warning

start_instance() {  # port [replica URL]: one more `laurel serve` on the fragment's database
  LAUREL_DATABASE_REPLICA_URL="${2:-}" "$laurel" serve --database-url "$db_url" --port "$1" >> "$work/server-$1.log" 2>&1 &
  servers+=("$!")
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$1/readyz" > /dev/null 2>&1 && return
    sleep 0.1
  done
  echo "$fragment: laurel serve on $1 was not ready:" >&2
  cat "$work/server-$1.log" >&2
  exit 1
}
run() {  # name, then laurel-bench http options
  local name=$1
  shift
  "$bench" http --clients "$clients" --seconds "$seconds" --unit "$unit" \
    --officer-token "$(token bench-officer unit_officer "$unit")" \
    --office-token "$(token bench-office standing_office vksndtc)" \
    --head-token "$(token bench-head head_of_agency vksndtc)" "$@" | sed "s/^/$name /" | tee -a "$work/results.txt"
}
value() {  # name prefix key
  awk -v n="$1" -v p="$2" -v k="$3" '$1 == n && $2 == p { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) { print kv[2]; exit } } }' "$work/results.txt"
}

a="$(free_port)"; b="$(free_port)"
start_instance "$a"
start_instance "$b"
run one --server "http://127.0.0.1:$a"
run two --server "http://127.0.0.1:$a" --server "http://127.0.0.1:$b"
stop_instances

start_instance "$a"
run primary_reads --server "http://127.0.0.1:$a" --readers "$readers"
stop_instances

"$laurel" db start --standby --data-dir "$datadir" > "$work/standby.txt"
replica="$(awk -F"'" '/LAUREL_DATABASE_REPLICA_URL/ { print $2 }' "$work/standby.txt")"
replica="${replica/\/postgres\?/\/$database?}"
start_instance "$a" "$replica"
run replica_reads --server "http://127.0.0.1:$a" --readers "$readers"
stop_instances

row() {  # label name
  echo "| $1 | $(value "$2" http.commands rate) | $(value "$2" http.commands p99_ms) | $(value "$2" http.reads rate) | $(value "$2" http.reads p99_ms) |"
}
echo
echo "## Instances and read replicas ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${seconds}s, $clients command workers, $readers readers)"
echo "| setup | commands/s | commands p99 (ms) | list reads/s | reads p99 (ms) |"
echo "|---|---|---|---|---|"
row "one instance" one
row "two instances, one cluster" two
row "one instance, lists read from the primary" primary_reads
row "one instance, lists read from a hot standby" replica_reads
