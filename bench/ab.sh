#!/usr/bin/env bash
# A/B of two Lingting binaries on the same load, interleaved in one run (this machine is noisy:
# only figures of the same run compare), analyzer on and off, the bare Beast relay beside them.
# For one change of the hot path; bench/load.sh is the whole matrix.
#
#   bash bench/ab.sh A_BINARY B_BINARY [PAIRS] [MODE] [REPEATS] [LOADGEN ARGS...]
#   e.g. bash bench/ab.sh /tmp/lingting-main build/bench/server/lingting 200 closed 3
#        bash bench/ab.sh /tmp/lingting-main build/bench/server/lingting 100 rate 2 --rate=20
#
# Prints one line per run and the median per server (throughput, p50/p99, server CPU per message).
# Needs build/bench (bash bench/load.sh builds it, or cmake --build build/bench --target loadgen beast_relay).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
a_bin=$(realpath "$1") b_bin=$(realpath "$2")
pairs=${3:-200} mode=${4:-closed} repeats=${5:-3}
shift $(($# < 5 ? $# : 5))
extra=("$@")
bin=build/bench
work="$(mktemp -d /tmp/lingting-ab.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
runs="$work/runs.jsonl"
for ((i = 0; i < pairs; i++)); do printf 'bench-c%d\tconsultant\t\tbench-password\n' "$i"; done |
  "$a_bin" --database="$work/template.db" --pbkdf2-iterations=1000 user import >/dev/null

port=18700
wait_for_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server on port $1 did not start" >&2
  return 1
}
# run LABEL BINARY|beast [LINGTING FLAGS...]
run() {
  local label=$1 server=$2
  shift 2
  port=$((port + 1))
  local target=lingting
  if [[ $server == beast ]]; then
    target=pair
    taskset -c 0 "$bin/bench/beast_relay" $port >"$work/server.log" 2>&1 &
  else
    cp "$work/template.db" "$work/run.db"
    rm -f "$work/run.db-wal" "$work/run.db-shm"
    taskset -c 0 "$server" --database="$work/run.db" --port=$port --threads=1 \
      --messages-per-second=1000000 --message-burst=1000000 --max-queue-bytes=67108864 \
      --conversations-per-address=0 --visitor-sockets-per-address=1000000 \
      --visitor-connects-per-second=1000000 --visitor-connect-burst=1000000 --connections-per-address=1000000 \
      --max-connections=1000000 --max-queue=1000000 "$@" >"$work/server.log" 2>&1 &
  fi
  server_pid=$!
  wait_for_port $port
  if ! taskset -c 1 "$bin/bench/loadgen" --port=$port --target=$target --pairs="$pairs" --mode="$mode" \
    --warmup=1 --duration=5 --server-pid="$server_pid" --label="$label" "${extra[@]}" >>"$runs" 2>"$work/loadgen.err"; then
    echo "$label FAILED: $(cat "$work/loadgen.err")" >&2
  fi
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
echo "A=$a_bin B=$b_bin pairs=$pairs mode=$mode ${extra[*]}; $(uptime)"
for ((k = 1; k <= repeats; k++)); do
  run "A" "$a_bin"
  run "B" "$b_bin"
  run "A noanalysis" "$a_bin" --live-analysis=false
  run "B noanalysis" "$b_bin" --live-analysis=false
  run "beast" beast
done
echo "$(uptime)"
node -e '
const runs = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
const by = new Map();
for (const r of runs) { if (!by.has(r.label)) by.set(r.label, []); by.get(r.label).push(r); }
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)]; };
console.log("server          runs: msg/s | p50 ms | p99 ms | server µs/msg   (median)");
for (const [label, rs] of by) {
  const each = rs.map((r) => `${Math.round(r.throughput)}/${(r.latency_us.p99 / 1000).toFixed(1)}/${r.server.cpu_us_per_msg.toFixed(1)}`).join("  ");
  console.log(label.padEnd(14), each.padEnd(60), "|", Math.round(med(rs.map((r) => r.throughput))),
    "|", med(rs.map((r) => r.latency_us.p50 / 1000)).toFixed(2), "|", med(rs.map((r) => r.latency_us.p99 / 1000)).toFixed(2),
    "|", med(rs.map((r) => r.server.cpu_us_per_msg)).toFixed(1));
}' "$runs"
