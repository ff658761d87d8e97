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
# The whole year-end runs LAUREL_BENCH_YEAREND_ROUNDS times (default 3), each in a new database with its
# own references, and the verdict is each step's median share: on this 2-core host the same
# step's share moves by a quarter from one run to the next (the CPU an event of the same work
# does, on both sides), so one run is no measurement.
#
# LAUREL_BENCH_YEAREND_LISTS and LAUREL_BENCH_YEAREND_PEOPLE change the size (60 and 150).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
rounds="${LAUREL_BENCH_YEAREND_ROUNDS:-3}"
lists="${LAUREL_BENCH_YEAREND_LISTS:-60}"
people="${LAUREL_BENCH_YEAREND_PEOPLE:-150}"
parallel=4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

database="bench_yearend"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi

for round in $(seq 1 "$rounds"); do
  bench_database "$database"
  "$bin" yearend --url "$db_url" --lists "$lists" --people "$people" --parallel "$parallel" --reference-seconds "$seconds" \
    | sed "s/^/round=$round /" | tee -a "$work/rounds.txt"
done
# `round_value ROUND NAME KEY`: as value(), from one round's lines.
round_value() { awk -v r="round=$1" -v p="$2" -v k="$3" '$1 == r && $2 == p { for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$work/rounds.txt"; }
# `across NAME KEY`: the median of KEY over the rounds.
across() { for round in $(seq 1 "$rounds"); do round_value "$round" "$1" "$2"; done | median; }

# The store's rates for made-up events, once, beside the rounds (on the last round's database).
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
echo
echo "## Year-end of a sector ($(nproc) cores; $(round_value 1 yearend.plan lists) lists, $(round_value 1 yearend.plan rows) rows, $(round_value 1 yearend.plan councils) councils; $rounds rounds)"
echo "Each round: the step's events/s / the store appending the step's events (events/s): the share. CPU µs an event and wall time: medians over the rounds."
echo "Store's batch appends ($parallel writers × 100 events): median event $reference events/s, 100-byte event $short; one median event to each of 172 streams: $spread."
printf '| step | events |'
for round in $(seq 1 "$rounds"); do printf ' round %s |' "$round"; done
echo " median share | goal | wall time (s) | CPU µs an event, client: step / store | server: step / store | median step rate of batch, median event | of batch, 100-byte events | of 172-stream appends |"
printf '|---|---:|'
for round in $(seq 1 "$rounds"); do printf -- '---|'; done
echo "---:|---|---:|---:|---:|---:|---:|---:|"
for step in submit intake agenda ballot decide; do
  shares=""
  printf '| %s | %s |' "$step" "$(round_value 1 "yearend.$step" events)"
  for round in $(seq 1 "$rounds"); do
    rate="$(round_value "$round" "yearend.$step" rate)"
    own="$(round_value "$round" "yearend.reference.$step" rate)"
    printf ' %.0f / %.0f: %s |' "$rate" "$own" "$(ratio "$rate" "$own")"
    shares="$shares $(awk -v a="$rate" -v b="$own" 'BEGIN { print 100 * a / b }')"
  done
  rate="$(across "yearend.$step" rate)"
  echo " $(for share in $shares; do echo "$share"; done | median | awk '{ printf "%.0f%%", $1 }') | ≥ 50% |" \
       "$(across "yearend.$step" seconds) |" \
       "$(across "yearend.$step" client_us) / $(across "yearend.reference.$step" client_us) |" \
       "$(across "yearend.$step" server_us) / $(across "yearend.reference.$step" server_us) |" \
       "$(ratio "$rate" "$reference") | $(ratio "$rate" "$short") | $(ratio "$rate" "$spread") |"
done
echo
echo "Encoding a step's nomination events alone, client CPU µs an event (bytes), medians:" \
  "$(for step in submit intake agenda ballot decide; do printf '%s %s (%s); ' "$step" "$(across "yearend.encode.$step" client_us)" "$(across "yearend.encode.$step" bytes)"; done)"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
