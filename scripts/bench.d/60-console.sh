#!/usr/bin/env bash
# The console under signed-in load (issue #23): the release `laurel serve` as a process of its
# own on the bench cluster, its log filled first by a few seconds of full ad hoc workflows
# (`laurel-bench http`), then 16 workers (LAUREL_BENCH_CONSOLE_CLIENTS) signed in as a unit
# officer, the standing office, a head and an auditor in turn, each loading its role's pages
# (`laurel-bench console`), and in the same run as many reading the API's nominations list with a
# bearer token, the reference. Prints the p99 of each page against the goal of 50 ms; exits 1
# when any request failed.
set -euo pipefail

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bench="${LAUREL_BENCH:-.build/release/laurel-bench}"
laurel="$(dirname "$bench")/laurel"
seconds="${LAUREL_BENCH_SECONDS:-5}"
clients="${LAUREL_BENCH_CONSOLE_CLIENTS:-16}"
unit="vksnd-hanoi"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
work="$(mktemp -d)"
fragment="60-console"
# shellcheck source=scripts/bench.d/lib/serve.sh
source "$(dirname "$0")/lib/serve.sh"
trap 'stop_server; rm -rf "$work"' EXIT

bench_database bench_console
start_server

# The log: nominations submitted, accepted and approved (and some left on the way at the end).
"$bench" http --server "http://127.0.0.1:$port" --clients 8 --seconds 2 --unit "$unit" \
  --officer-token "$(token bench-officer unit_officer "$unit")" \
  --office-token "$(token bench-office standing_office vksndtc)" \
  --head-token "$(token bench-head head_of_agency vksndtc)" > "$work/seed.txt"
echo "console.seed $(grep '^http.commands' "$work/seed.txt")"

password="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
for account in "bench-officer|unit_officer|$unit" "bench-office|standing_office|vksndtc" \
    "bench-head|head_of_agency|vksndtc" "bench-auditor|auditor|vksndtc"; do
  IFS='|' read -r login role account_unit <<<"$account"
  printf '%s\n' "$password" | "$laurel" accounts create --database-url "$db_url" --login "$login" --name "Bench $role" \
    --unit "$account_unit" --role "$role" --password-stdin > /dev/null
done

status=0
"$bench" console --server "http://127.0.0.1:$port" --clients "$clients" --seconds "$seconds" \
  --logins bench-officer,bench-office,bench-head,bench-auditor --password "$password" \
  --api-token "$(token bench-reader standing_office vksndtc)" | tee "$work/console.txt" || status=1
stop_server
server=""
if [ -s "$work/server.log" ]; then
  echo "60-console: laurel serve logged at warning or above:" >&2
  cat "$work/server.log" >&2
fi

value() {  # prefix name key
  awk -v p="$1" -v n="name=$2" -v k="$3" '$1 == p && (n == "name=" || $2 == n) {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) { print kv[2]; exit } } }' "$work/console.txt"
}
echo
echo "## Console ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${seconds}s, $clients signed-in users)"
echo "| page | requests | p50 (ms) | p99 (ms) | goal |"
echo "|---|---|---|---|---|"
for page in nominations "nominations?q=nguyen" "nominations?state=approved" nomination intake approvals audit; do
  echo "| $page | $(value console.page "$page" count) | $(value console.page "$page" p50_ms) | $(value console.page "$page" p99_ms) | p99 < 50 ms |"
done
echo "| all pages: $(value console.pages '' rate) pages/s | $(value console.pages '' requests) | $(value console.pages '' p50_ms) | $(value console.pages '' p99_ms) | |"
echo "| API reference: GET /v1/nominations?limit=25, $(value console.api '' rate) requests/s | $(value console.api '' requests) | $(value console.api '' p50_ms) | $(value console.api '' p99_ms) | |"
exit "$status"
