#!/usr/bin/env bash
# The client library's overhead: SELECT $1::int through Laurel's ConnectionPool next to pgbench
# running the same statement with the same number of clients, on the same server.
#
# The ratio is against pgbench -M prepared, the fairest match: like our client, it prepares each
# statement once per session, then sends only Bind/Execute/Sync with the value as a parameter.
# -M extended (parse every time, our client before its statement cache) is shown for reference;
# -M simple would splice the value into the SQL text, which we never do.
#
# "16 ×10" borrows a connection for ten statements at a time (one withConnection), as a request
# that runs several statements does: the body runs on the connection's thread, so only the
# borrowing pays the two thread switches, not each statement.
#
# "16 mux N" is a pool with multiplexingConnections = N (1 and 2): each client calls pool.query,
# and N connections carry everyone's statements, each taking all that are queued in one round
# trip (each statement still its own implicit transaction). No thread switch per statement.
set -euo pipefail

seconds="${LAUREL_BENCH_SECONDS:-5}"
script="$(mktemp /tmp/laurel-bench-select-XXXXXX.sql)"
trap 'rm -f "$script"' EXIT
printf '\\set x random(1, 1000)\nSELECT :x::int;\n' > "$script"
chmod 644 "$script"

pgbench_rate() {  # mode clients
  "$LAUREL_BENCH_PGBIN/pgbench" -n -M "$1" -f "$script" -c "$2" -j "$2" -T "$seconds" "$LAUREL_BENCH_URL" 2>/dev/null \
    | awk '/^tps = / {print $3; exit}'
}

echo "## select: SELECT \$1::int, ${seconds}s per run; ratio = laurel / pgbench -M prepared"
printf '%-8s %12s %22s %8s %22s\n' clients "laurel q/s" "pgbench prepared q/s" ratio "pgbench extended q/s"
for run in "1 1 0" "16 1 0" "16 10 0" "16 1 1" "16 1 2"; do
  read -r clients per_lend multiplexing <<< "$run"
  laurel="$("$LAUREL_BENCH" select --clients "$clients" --per-lend "$per_lend" --multiplexing "$multiplexing" \
      --seconds "$seconds" \
    | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^rate=/) print substr($i, 6)}')"
  prepared="$(pgbench_rate prepared "$clients")"
  extended="$(pgbench_rate extended "$clients")"
  ratio="$(awk -v a="$laurel" -v b="$prepared" 'BEGIN {printf "%.0f%%", 100 * a / b}')"
  label="$clients"
  [ "$per_lend" = 1 ] || label="$clients ×$per_lend"
  [ "$multiplexing" = 0 ] || label="$clients mux $multiplexing"
  printf '%-8s %12.0f %22.0f %8s %22.0f\n' "$label" "$laurel" "$prepared" "$ratio" "$extended"
done
