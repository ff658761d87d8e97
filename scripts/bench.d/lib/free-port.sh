# free_port: a TCP port nothing on 127.0.0.1 answers on (sourced by the fragments that start servers).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "$(basename "$0"): no free port found" >&2
  return 1
}
