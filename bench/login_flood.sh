#!/usr/bin/env bash
# Does a flood of failed log-ins slow the relay? Visitor<->consultant round trips (p50/p99/max)
# quiet and under 16 guessers, with the API on the network threads (--api-threads=0, as before
# the pool) and on its own threads (the default), side by side. About 30 seconds.
#
#   bash bench/login_flood.sh [SECONDS_PER_PHASE=5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds=${1:-5}

cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build/bench --target lingting login_flood_bench -j2 >/dev/null
bin=build/bench
work="$(mktemp -d /tmp/lingting-flood.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

printf 'flood-c\tconsultant\t\tbench-password\n' |
  "$bin/server/lingting" --database="$work/template.db" --pbkdf2-iterations=1000 user import >/dev/null

# run LABEL [LINGTING FLAGS...]: one server, one bench run, one JSON line.
run() {
  local label=$1
  shift
  cp "$work/template.db" "$work/run.db"
  rm -f "$work/run.db-wal" "$work/run.db-shm"
  # Every guess from its own address and name (a distributed guesser): all of them are hashed
  # with the production work factor (unknown names cost a full hash too).
  "$bin/server/lingting" --database="$work/run.db" --port=0 --trusted-proxies=127.0.0.1 \
    --messages-per-second=1000 --message-burst=1000 "$@" >"$work/server.out" 2>/dev/null &
  server_pid=$!
  local port=""
  for _ in $(seq 1 200); do
    port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -1 | sed 's/.*://') && [[ -n $port ]] && break
    sleep 0.05
  done
  "$bin/bench/login_flood_bench" "$port" flood-c bench-password "$seconds" 16 "$label"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

{
  run "api on network threads" --api-threads=0
  run "api-threads=2 (default)"
} | tee "$work/runs.jsonl" | node -e '
const lines = require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse);
const f = (p) => `${p.p50.toFixed(1).padStart(7)} ${p.p99.toFixed(1).padStart(7)} ${p.max.toFixed(1).padStart(7)}`;
console.log("round trip (ms)              quiet p50     p99     max | flood p50     p99     max | guesses hashed");
for (const r of lines)
  console.log(`${r.label.padEnd(28)} ${f(r.quiet_ms)}     | ${f(r.flood_ms)}     | ${r.guesses.hashed}`);
'
