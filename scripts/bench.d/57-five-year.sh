#!/usr/bin/env bash
# Reports on awards over five years (issue #24): five year-ends of a sector (30 lists of 150
# people a year, the same people every year) through the command handler, every read model
# rebuilt, then the five-year summary's query and the yearbook of the unit with the most awards,
# each beside the store's ordered read of the same log in the same run, on a database of its own.
#
# LAUREL_BENCH_FIVE_YEAR_LISTS and LAUREL_BENCH_FIVE_YEAR_PEOPLE change the size (30 and 150).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
lists="${LAUREL_BENCH_FIVE_YEAR_LISTS:-30}"
people="${LAUREL_BENCH_FIVE_YEAR_PEOPLE:-150}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

database="bench_five_year"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
bench_database "$database"

"$bin" five-year --url "$db_url" --lists "$lists" --people "$people" --seconds "$seconds" | tee "$work/out.txt"

echo
echo "## Five-year report ($(nproc) cores; $(value fiveyear.read_log events) events, $(value fiveyear.report awards) awards in $(value fiveyear.report years))"
echo "| measure | ms | beside the ordered read of the log ($(value fiveyear.read_log ms) ms, $(value fiveyear.read_log rate) events/s) |"
echo "|---|---:|---:|"
echo "| five-year summary, whole sector (\`awardTallies\`, $(value fiveyear.report tallies) tallies) | $(value fiveyear.report ms) | $(value fiveyear.read_log report_ratio)× faster |"
echo "| yearbook of $(value fiveyear.yearbook unit) ($(value fiveyear.yearbook awards) awards) | $(value fiveyear.yearbook ms) | $(value fiveyear.read_log yearbook_ratio)× faster |"
echo "| rebuild of every read model ($(value fiveyear.rebuild rate) events/s) | $(awk -v s="$(value fiveyear.rebuild seconds)" 'BEGIN { printf "%.0f", 1000 * s }') | |"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
