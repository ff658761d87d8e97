# What the fragments share; sourced by them, never run alone (scripts/bench runs only
# scripts/bench.d/*.sh). The fragment sets `url` (the cluster) and `work` (its scratch directory).

# A database of its own (`$1`): `db_url` is its URL afterwards. The server's read models, or a
# measurement's counts, start from an empty log, not the other fragments' events.
bench_database() {
  psql -X -q "$url" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
  db_url="${url/\/postgres\?/\/$1?}"
}

# `value NAME KEY`: KEY's value on the line of measurement NAME in `$work/out.txt`, where the
# fragment saved laurel-bench's `name key=value …` lines. Fragments with several output files
# define a value() of their own after sourcing this.
value() { awk -v p="$1" -v k="$2" '$1 == p { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$work/out.txt"; }

# The median of the numbers on standard input, one a line (the mean of the middle two for an even
# count); nothing for none.
median() { sort -g | awk '{ v[++k] = $1 } END { if (k % 2) print v[(k + 1) / 2]; else if (k) printf "%.2f\n", (v[k / 2] + v[k / 2 + 1]) / 2 }'; }

# `ratio A B`: A as a whole percentage of B ("n/a" when B is not positive).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
