#!/usr/bin/env bash
# Lingting beside the floors of issue #14's targets, interleaved and repeated in one run (this
# machine is noisy: a single run moves 10-30 %, so only medians of interleaved runs compare):
#   beast     the bare Beast relay (the targets' reference: one frame in, one out)
#   protocol  the C++ durable peer with no store: parse, seq, an ack and a relay frame per message
#   cdurable  the same with SQLite, an fsync'd group commit per event-loop turn (the durable floor)
#   journal   the same with a journal-first store (an fdatasync'd append per turn, SQLite folded
#             every 5,000 messages: bench/peers/beast_durable.cpp)
#   lingting, lingting-noanalysis
# Server on core 0, load generator on core 1, closed loop.
#
#   bash bench/floors.sh [LINGTING_BINARY] [PAIRS] [REPEATS]   (defaults: build/bench's, 200, 5)
#
# Prints each run and the medians, CPU per message also as a multiple of the bare relay's.
# Needs build/bench (bash bench/load.sh builds it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bin=build/bench
lingting=$(realpath "${1:-$bin/server/lingting}")
pairs=${2:-200} repeats=${3:-5}
# shellcheck source=bench/serve.sh
source bench/serve.sh
bench_work floors
runs="$work/runs.jsonl"
import_consultants "$lingting" "$work/template.db" "$pairs"

port=18900
# run LABEL [LINGTING FLAGS...]
run() {
  local label=$1 target=pair
  shift
  port=$((port + 1))
  case $label in
    lingting*)
      target=lingting
      serve_fresh_lingting "$lingting" $port "$@"
      ;;
    *) serve_peer "$label" $port ;;  # serve.sh's kinds
  esac
  if ! taskset -c 1 "$bin/bench/loadgen" --port=$port --target=$target --pairs="$pairs" --mode=closed \
    --warmup=1 --duration=5 --server-pid="$server_pid" --label="$label" >>"$runs" 2>"$work/loadgen.err"; then
    echo "$label FAILED: $(cat "$work/loadgen.err")" >&2
  fi
  stop_server
}
echo "lingting=$lingting pairs=$pairs repeats=$repeats; $(uptime)"
for ((k = 1; k <= repeats; k++)); do
  run beast
  run protocol
  run cdurable
  run journal
  run lingting
  run lingting-noanalysis --live-analysis=false
done
echo "$(uptime)"
node bench/medians.mjs "$runs" beast
