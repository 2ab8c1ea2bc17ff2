# Shared by the load benchmarks (load.sh, ab.sh, floors.sh, backends.sh): start a Lingting server on
# core 0 with the admission limits lifted, wait for its port, stop it. Source it; it keeps the running
# server's pid in `server_pid` and the log in "$work/server.log" (the caller sets `work`, or calls
# bench_work).
#
# Every generated visitor comes from 127.0.0.1: the per-address admission limits and the rate
# budgets would refuse all but a handful, so they are lifted here (the relay's cost is measured).
bench_limits_off=(--messages-per-second=1000000 --message-burst=1000000 --max-queue-bytes=67108864
  --conversations-per-address=0 --visitor-sockets-per-address=1000000 --visitor-connects-per-second=1000000
  --visitor-connect-burst=1000000 --connections-per-address=1000000 --max-connections=1000000
  --max-queue=1000000)
server_pid=""

# wait_for_port PORT: until something listens on 127.0.0.1:PORT (10 s at most).
wait_for_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server on port $1 did not start: $(tail -5 "$work/server.log" 2>/dev/null)" >&2
  return 1
}

# serve_lingting BINARY DATABASE PORT [FLAGS...]: one network thread on core 0, limits lifted.
serve_lingting() {
  local binary=$1 database=$2 port=$3
  shift 3
  taskset -c 0 "$binary" --database="$database" --port="$port" --threads=1 "${bench_limits_off[@]}" "$@" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_for_port "$port"
}

# serve_other PORT COMMAND...: a peer server (Beast relay, Node) on core 0.
serve_other() {
  local port=$1
  shift
  taskset -c 0 "$@" >"$work/server.log" 2>&1 &
  server_pid=$!
  wait_for_port "$port"
}

# serve_fresh_lingting BINARY PORT [FLAGS...]: Lingting on a fresh copy of "$work/template.db".
serve_fresh_lingting() {
  local binary=$1 port=$2
  shift 2
  cp "$work/template.db" "$work/run.db"
  rm -f "$work/run.db-wal" "$work/run.db-shm"
  serve_lingting "$binary" "$work/run.db" "$port" "$@"
}

# serve_peer KIND PORT: a peer of bench/peers/ on core 0 (the caller sets `bin`), with a fresh
# database in "$work/KIND.db" where it keeps one. KIND: beast (the bare Beast relay), ws (the bare
# Node ws relay), durable (Node: ws + better-sqlite3), cdurable (that work in C++ on Beast and
# SQLite), protocol (cdurable's frames with no store), journal (cdurable with a journal-first store).
serve_peer() {
  local kind=$1 port=$2
  rm -f "$work/$kind".db*
  case $kind in
    beast) serve_other "$port" "$bin/bench/beast_relay" "$port" ;;
    ws) serve_other "$port" node bench/peers/ws_relay.mjs "$port" ;;
    durable) serve_other "$port" node bench/peers/ws_durable.mjs "$port" "$work/durable.db" ;;
    cdurable) serve_other "$port" "$bin/bench/beast_durable" "$port" "$work/cdurable.db" ;;
    protocol) serve_other "$port" "$bin/bench/beast_durable" "$port" --no-store ;;
    journal) serve_other "$port" "$bin/bench/beast_durable" "$port" "$work/journal.db" --journal ;;
    *)
      echo "serve_peer: unknown peer '$kind'" >&2
      return 1
      ;;
  esac
}

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# bench_work NAME: a fresh folder in `work` (/tmp/lingting-NAME.*), removed on exit, the server stopped.
bench_work() {
  work="$(mktemp -d "/tmp/lingting-$1.XXXXXX")"
  trap 'stop_server; rm -rf "$work"' EXIT
}

# import_consultants BINARY DATABASE N: the accounts the load generator logs in as (bench-c0 ...).
import_consultants() {
  local i
  for ((i = 0; i < $3; i++)); do printf 'bench-c%d\tconsultant\t\tbench-password\n' "$i"; done |
    "$1" --database="$2" --pbkdf2-iterations=1000 user import >/dev/null
}
