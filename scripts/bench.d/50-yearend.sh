#!/usr/bin/env bash
# A sector's year-end (issue #22): 60 units' lists of 150 people (each an advanced worker, 15%
# of them grassroots emulation fighters too) sent as lists, taken in, put on their councils'
# agendas, voted in one ballot each and awarded by one numbered decision each, through the
# command handler; each step's wall time and events/s beside the store's own batch append rate
# (100-event appends from as many writers) measured in the same run on a database of its own.
#
# LAUREL_BENCH_YEAREND_LISTS and LAUREL_BENCH_YEAREND_PEOPLE change the size (60 and 150).
set -euo pipefail

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
lists="${LAUREL_BENCH_YEAREND_LISTS:-60}"
people="${LAUREL_BENCH_YEAREND_PEOPLE:-150}"
parallel=4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

database="bench_yearend"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
psql -X -q "$url" -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
db_url="${url/\/postgres\?/\/$database?}"

"$bin" yearend --url "$db_url" --lists "$lists" --people "$people" --parallel "$parallel" | tee "$work/out.txt"
"$bin" eventstore --url "$db_url" --measure batch --batch 100 --clients "$parallel" --seconds "$seconds" | tee -a "$work/out.txt"
# A second reference of the lists' own shape: one event to each of 172 new streams a transaction.
"$bin" eventstore --url "$db_url" --measure spread --batch 172 --clients "$parallel" --seconds "$seconds" | tee -a "$work/out.txt"

value() { awk -v p="$1" -v k="$2" '$1 == p { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$work/out.txt"; }
reference="$(value append.batch rate)"
spread="$(value append.spread rate)"
echo
echo "## Year-end of a sector ($(nproc) cores; $(value yearend.plan lists) lists, $(value yearend.plan rows) rows, $(value yearend.plan councils) councils)"
echo "| step | wall time (s) | events | events/s | store's batch appends (events/s, $parallel writers × 100) | ratio | goal | store, 1 event to each of 172 streams ($spread ev/s) |"
echo "|---|---:|---:|---:|---:|---:|---|---:|"
for step in submit intake agenda ballot decide; do
  rate="$(value "yearend.$step" rate)"
  echo "| $step | $(value "yearend.$step" seconds) | $(value "yearend.$step" events) | $rate | $reference |" \
       "$(awk -v a="$rate" -v b="$reference" 'BEGIN { printf "%.0f%%", 100 * a / b }') | ≥ 50% |" \
       "$(awk -v a="$rate" -v b="$spread" 'BEGIN { printf "%.0f%%", 100 * a / b }') |"
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
