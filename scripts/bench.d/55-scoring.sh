#!/usr/bin/env bash
# Unit scores and rankings (issue #24): on a made-up organisation of 120 units in 10 clusters and
# blocs, the year's scoring table published, every unit's self-score and its review written through
# the command handler, then every group's ranking and the sector-wide one read as the API reads
# them, beside the store's reads of the same events (the same streams, and the whole log in
# order) in the same run, on a database of its own so that the log holds these events alone.
#
# LAUREL_BENCH_SCORING_UNITS and LAUREL_BENCH_SCORING_GROUPS change the size (120 and 10).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
units="${LAUREL_BENCH_SCORING_UNITS:-120}"
groups="${LAUREL_BENCH_SCORING_GROUPS:-10}"
parallel=4
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

database="bench_scoring"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
bench_database "$database"

"$bin" scoring --url "$db_url" --units "$units" --groups "$groups" --parallel "$parallel" --seconds "$seconds" | tee "$work/out.txt"

log_rate="$(value scoring.read_log rate)"
echo
echo "## Scores and rankings ($(nproc) cores; $(value scoring.plan units) units, $(value scoring.plan clusters) clusters, $(value scoring.plan blocs) blocs; $parallel writers)"
echo "| measure | commands | events | seconds | commands/s |"
echo "|---|---:|---:|---:|---:|"
for step in self_score review writes; do
  echo "| $step | $(value "scoring.$step" commands) | $(value "scoring.$step" events) | $(value "scoring.$step" seconds) | $(value "scoring.$step" rate) |"
done
echo
echo "| read, one round: $(value scoring.rankings rankings) rankings ($(value scoring.rankings events) events) | ms a round | events/s | against the ordered read |"
echo "|---|---:|---:|---:|"
echo "| rankings (\`ranking(year:units:)\`) | $(value scoring.rankings ms) | $(value scoring.rankings rate) | $(ratio "$(value scoring.rankings rate)" "$log_rate") |"
echo "| the store's read of the same streams (\`readStreams\`) | $(value scoring.read_streams ms) | $(value scoring.read_streams rate) | $(ratio "$(value scoring.read_streams rate)" "$log_rate") |"
echo "| reference: the ordered read of the log ($(value scoring.read_log events) events, $(value scoring.read_log ms) ms) | | $log_rate | 100% |"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
