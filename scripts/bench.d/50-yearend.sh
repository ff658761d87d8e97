#!/usr/bin/env bash
# A sector's year-end (issue #22): 60 units' lists of 150 people (each an advanced worker, 15%
# of them grassroots emulation fighters too) sent as lists, taken in, put on their councils'
# agendas, voted in one ballot each and awarded by one numbered decision each, through the
# command handler; each step's wall time, events/s and CPU seconds on each side of the
# connection, beside the store's own batch append rate (100-event appends from as many writers)
# measured in the same run on a database of its own.
#
# The goal's reference appends the same rows: each step's own events, read back from the log and
# appended again 100 at a time (laurel-bench yearend prints it as yearend.reference.STEP). The
# step's events run from 39 bytes of payload (a quota place) to 2 kB (a submission), so one
# made-up event would flatter some steps and wrong others. Printed beside it: the store appending
# the demo's median event (scripts/bench.d/median-event.json, the event store fragment's
# reference), the 100-byte made-up event (the reference until 2026-12-07), and the median event
# to each of 172 new streams a transaction (a list's shape).
#
# LAUREL_BENCH_YEAREND_LISTS and LAUREL_BENCH_YEAREND_PEOPLE change the size (60 and 150).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

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
bench_database "$database"

"$bin" yearend --url "$db_url" --lists "$lists" --people "$people" --parallel "$parallel" --reference-seconds "$seconds" \
  | tee "$work/out.txt"
event="$(dirname "$0")/median-event.json"
"$bin" eventstore --url "$db_url" --measure batch --batch 100 --clients "$parallel" --seconds "$seconds" --event "$event" \
  | tee -a "$work/out.txt"
"$bin" eventstore --url "$db_url" --measure batch --batch 100 --clients "$parallel" --seconds "$seconds" \
  | sed 's/^append.batch /append.short /' | tee -a "$work/out.txt"
# A second reference of the lists' own shape: one event to each of 172 new streams a transaction.
"$bin" eventstore --url "$db_url" --measure spread --batch 172 --clients "$parallel" --seconds "$seconds" --event "$event" \
  | tee -a "$work/out.txt"

reference="$(value append.batch rate)"
short="$(value append.short rate)"
spread="$(value append.spread rate)"
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", 100 * a / b }'; }
echo
echo "## Year-end of a sector ($(nproc) cores; $(value yearend.plan lists) lists, $(value yearend.plan rows) rows, $(value yearend.plan councils) councils)"
echo "Store's batch appends ($parallel writers × 100 events): median event $reference events/s, 100-byte event $short; one median event to each of 172 streams: $spread."
echo "| step | wall time (s) | events | events/s | client CPU (s) | server CPU (s) | store appending the step's events (events/s) | of it | goal | CPU µs an event, client: step / store | server: step / store | of batch, median event | of batch, 100-byte events | of 172-stream appends |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|"
for step in submit intake agenda ballot decide; do
  rate="$(value "yearend.$step" rate)"
  own="$(value "yearend.reference.$step" rate)"
  echo "| $step | $(value "yearend.$step" seconds) | $(value "yearend.$step" events) | $rate |" \
       "$(value "yearend.$step" client_cpu) | $(value "yearend.$step" server_cpu) | $own | $(percent "$rate" "$own") | ≥ 50% |" \
       "$(value "yearend.$step" client_us) / $(value "yearend.reference.$step" client_us) |" \
       "$(value "yearend.$step" server_us) / $(value "yearend.reference.$step" server_us) |" \
       "$(percent "$rate" "$reference") | $(percent "$rate" "$short") | $(percent "$rate" "$spread") |"
done
echo
echo "Encoding a step's nomination events alone, client CPU µs an event (bytes):" \
  "$(for step in submit intake agenda ballot decide; do printf '%s %s (%s); ' "$step" "$(value "yearend.encode.$step" client_us)" "$(value "yearend.encode.$step" bytes)"; done)"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
