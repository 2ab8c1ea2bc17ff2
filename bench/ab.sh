#!/usr/bin/env bash
# A/B of two Lingting binaries on the same load, interleaved in one run (this machine is noisy:
# only figures of the same run compare), analyzer on and off, the bare Beast relay beside them.
# For one change of the hot path; bench/load.sh is the whole matrix.
#
#   bash bench/ab.sh A_BINARY B_BINARY [PAIRS] [MODE] [REPEATS] [LOADGEN ARGS...]
#   e.g. bash bench/ab.sh /tmp/lingting-main build/bench/server/lingting 200 closed 3
#        bash bench/ab.sh /tmp/lingting-main build/bench/server/lingting 100 rate 2 --rate=20
#        bash bench/ab.sh /tmp/lingting-main build/bench/server/lingting 200 closed 3 --end-after=20
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
# shellcheck source=bench/serve.sh
source bench/serve.sh
bench_work ab
runs="$work/runs.jsonl"
import_consultants "$a_bin" "$work/template.db" "$pairs"

port=18700
# run LABEL BINARY|beast [LINGTING FLAGS...]
run() {
  local label=$1 server=$2
  shift 2
  port=$((port + 1))
  local target=lingting args=("${extra[@]}")
  if [[ $server == beast ]]; then
    target=pair
    args=()  # the bare relay's conversations never end: --end-after is Lingting's
    for a in "${extra[@]}"; do [[ $a == --end-after=* ]] || args+=("$a"); done
    serve_peer beast $port
  else
    serve_fresh_lingting "$server" $port "$@"
  fi
  if ! taskset -c 1 "$bin/bench/loadgen" --port=$port --target=$target --pairs="$pairs" --mode="$mode" \
    --warmup=1 --duration=5 --server-pid="$server_pid" --label="$label" "${args[@]}" >>"$runs" 2>"$work/loadgen.err"; then
    echo "$label FAILED: $(cat "$work/loadgen.err")" >&2
  fi
  stop_server
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
node bench/medians.mjs "$runs"
