#!/usr/bin/env bash
# Projection benchmarks (issue #5), against the same server in the same run as the others:
# rebuilding every read model over a large log next to the event store's raw ordered read of the
# same log, and the lag from commit to read model under a sustained append load.
#
# LAUREL_BENCH_PROJECTION_EVENTS sets the log size (default 1000000).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

url="${LAUREL_BENCH_URL:?set LAUREL_BENCH_URL}"
bin="${LAUREL_BENCH:-.build/release/laurel-bench}"
seconds="${LAUREL_BENCH_SECONDS:-5}"
events="${LAUREL_BENCH_PROJECTION_EVENTS:-1000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A database of its own, so the log holds exactly the events generated here.
database="bench_projections"
if [ -n "${LAUREL_BENCH_PGBIN:-}" ]; then PATH="$LAUREL_BENCH_PGBIN:$PATH"; fi
bench_database "$database"

"$bin" projections --url "$db_url" --events "$events" --seconds "$seconds" | tee "$work/out.txt"

read_rate="$(value projections.read rate)"
all_rate="$(value projections.rebuild.all rate)"
echo
echo "## Projections ($(nproc) cores, $(value projections.rebuild.all events) events)"
echo "| measure | Laurel | reference | ratio | goal |"
echo "|---|---|---|---|---|"
echo "| rebuild every read model (events/s) | $all_rate | $read_rate (raw ordered read) | $(ratio "$all_rate" "$read_rate") | ≥ 50% (issue #26) |"
echo "| CPU an event, client / server (µs) | $(value projections.rebuild.all client_us) / $(value projections.rebuild.all server_us) | $(value projections.read client_us) / $(value projections.read server_us) | | |"
echo "| the client's part alone: decode / prepare every batch (CPU µs an event) | $(value projections.prepare decode_client_us) / $(value projections.prepare prepare_client_us) | | | |"
echo "| lag commit → read model, p50 / p99 (ms) | $(value projections.lag p50_ms) / $(value projections.lag p99_ms) | | | p99 < 100 ms |"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
