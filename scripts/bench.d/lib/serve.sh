# What the fragments that load a running `laurel serve` share; sourced by them, never run alone
# (scripts/bench runs only scripts/bench.d/*.sh). The fragment sets `url` (the cluster),
# `laurel` (the release binary), `work` (its scratch directory) and `fragment` (its name, for
# messages). Afterwards `db_url` is the fragment's own database, `port` and `server` (a pid) the
# server's; `stop_server` stops it and `token SUBJECT ROLE UNIT` issues a bearer token for it.

server=""
stop_server() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" || true
  fi
}

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

free_port() {  # a port nothing on 127.0.0.1 answers on
  local candidate
  for _ in $(seq 1 100); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  echo "$fragment: no free port found" >&2
  return 1
}

# The release `laurel serve` on `db_url` and a free port, log level warning, an HS256 secret made
# for the run; returns once it is ready, or exits with its log if it stops first.
start_server() {
  port="$(free_port)"
  export LAUREL_AUTH_HS256_SECRET="bench-$(head -c 24 /dev/urandom | base64)"
  export LAUREL_LOG_LEVEL=warning
  "$laurel" serve --database-url "$db_url" --port "$port" > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1 && break
    if ! kill -0 "$server" 2>/dev/null; then
      echo "$fragment: laurel serve exited before it was ready:" >&2
      cat "$work/server.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null
}

token() {  # subject role unit
  "$laurel" token issue --sub "$1" --role "$2" --unit "$3" --minutes 60
}
