#!/usr/bin/env bash
# Lingting beside its peers (a bare Beast relay, a bare Node ws relay, a durable Node server:
# ws + better-sqlite3 doing the same fsync'd work per message, and that durable work on Beast and
# SQLite in C++), on the same load, in one run (figures are ratios: this machine is noisy). Each
# server runs pinned to core 0, the load generator to core 1.
#
#   bash bench/load.sh            # the whole matrix (about 15 minutes)
#   bash bench/load.sh --quick    # 100 and 200 conversations once each, shorter runs, 2,000 idle
#
# Prints a table and writes every run as JSON Lines to build/bench/load-runs.jsonl and the
# summary with ratios to build/bench/load.json (kept per commit, to see regressions).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
duration=10
warmup=2
$quick && duration=5 && warmup=1

bash server/install-deps.sh --tests
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build/bench --target lingting loadgen beast_relay beast_durable -j2
# The peers' packages (better-sqlite3 compiles from source here, ~2-5 minutes): only when the lock changed.
if [[ ! -f bench/peers/node_modules/.lingting-stamp || bench/peers/package-lock.json -nt bench/peers/node_modules/.lingting-stamp ]]; then
  (cd bench/peers && npm ci --no-audit --no-fund --silent && touch node_modules/.lingting-stamp)
fi

bin=build/bench
# shellcheck source=bench/serve.sh
source bench/serve.sh
bench_work load
runs=build/bench/load-runs.jsonl
: >"$runs"
ulimit -n "$(ulimit -Hn)"  # 20,000 sockets per side for the idle run

# Consultant accounts for the largest run, made once; each Lingting run starts from a copy.
max_pairs=10000
$quick && max_pairs=2000
import_consultants "$bin/server/lingting" "$work/template.db" "$max_pairs"

port=18400

# start KIND [EXTRA LINGTING FLAGS...]: starts a server on core 0 at a fresh port.
start() {
  local kind=$1
  shift
  port=$((port + 1))
  if [[ $kind == lingting ]]; then
    serve_fresh_lingting "$bin/server/lingting" $port "$@"
  else
    serve_peer "$kind" $port
  fi
}

stop() { stop_server; }

# ime_counts: the IME worker's counters from the running Lingting's /metrics, as a JSON object
# ({"checked":N,"skipped":N,"depth":N,"mean_us":N}), or null if they cannot be read.
ime_counts() {
  node -e '
    fetch(`http://127.0.0.1:${process.argv[1]}/metrics`).then((r) => r.text()).then((t) => {
      const v = (n) => Number((t.match(new RegExp(`^${n} (\\S+)`, "m")) ?? [])[1] ?? NaN);
      console.log(JSON.stringify({ checked: v("lingting_ime_checked_total"), skipped: v("lingting_ime_skipped_total"),
        depth: v("lingting_ime_queue_depth"),
        mean_us: (1e6 * v("lingting_ime_check_seconds_sum")) / v("lingting_ime_check_seconds_count") }));
    }).catch(() => console.log("null"));' "$port"
}

# measure LABEL KIND PAIRS MODE [LOADGEN ARGS...] [-- LINGTING FLAGS...]
measure() {
  local label=$1 kind=$2 pairs=$3 mode=$4
  shift 4
  local args=() flags=()
  while (($#)); do
    [[ $1 == -- ]] && { shift; flags=("$@"); break; }
    args+=("$1")
    shift
  done
  start "$kind" "${flags[@]}"
  local target=pair
  [[ $kind == lingting ]] && target=lingting
  printf '%-28s' "$label" >&2
  if taskset -c 1 "$bin/bench/loadgen" --port=$port --target=$target --pairs="$pairs" --mode="$mode" \
    --warmup=$warmup --duration=$duration --server-pid="$server_pid" --label="$label" "${args[@]}" \
    >>"$runs" 2>"$work/loadgen.err"; then
    if [[ $kind == lingting ]]; then
      # The run's line gets the IME worker's counts (issue #12: its queue under this load).
      local ime last
      ime=$(ime_counts)
      last=$(tail -1 "$runs")
      sed -i '$d' "$runs"
      node -e 'const r=JSON.parse(process.argv[1]); r.ime=JSON.parse(process.argv[2]); console.log(JSON.stringify(r))' \
        "$last" "$ime" >>"$runs"
    fi
    tail -1 "$runs" | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8"));
      console.error(r.mode==="idle" ? `${r.server.rss_mb.toFixed(1)} MB RSS` :
        `${Math.round(r.throughput)} msg/s  p99 ${(r.latency_us.p99/1000).toFixed(2)} ms  ${r.server.cpu_us_per_msg.toFixed(1)} µs/msg`)'
  else
    echo "FAILED: $(cat "$work/loadgen.err")" >&2
    echo "{\"label\":\"$label\",\"failed\":true}" >>"$runs"
  fi
  stop
}

# idle KIND: 9,950 quiet conversations (19,900 sockets) from two generators side by side (one
# process may hold 20,000 descriptors here, the server too, so 10,000 exactly cannot be opened);
# the report scales the measured per-conversation memory to 10,000. --quick opens 2,000.
idle_half=4975
$quick && idle_half=1000
idle() {
  local kind=$1 half=$idle_half target=pair
  [[ $kind == lingting ]] && target=lingting
  start "$kind"
  sleep 0.5
  local base
  base=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
  printf '%-28s' "$kind idle" >&2
  taskset -c 1 "$bin/bench/loadgen" --port=$port --target=$target --pairs=$half --mode=idle --hold=120 \
    --label=ignore >/dev/null 2>"$work/first.err" &
  local first=$!
  for _ in $(seq 1 1200); do grep -q ready "$work/first.err" && break; sleep 0.1; done
  if taskset -c 1 "$bin/bench/loadgen" --port=$port --target=$target --pairs=$half --first=$half --mode=idle \
    --hold=5 --server-pid="$server_pid" --baseline-rss-kb="$base" --label="$kind idle" >>"$runs" 2>"$work/loadgen.err"; then
    tail -1 "$runs" | node -e 'const r=JSON.parse(require("fs").readFileSync(0,"utf8")); console.error(`${r.server.rss_mb.toFixed(1)} MB RSS for ${r.first + r.pairs} conversations`)'
  else
    echo "FAILED: $(cat "$work/first.err" "$work/loadgen.err")" >&2
    echo "{\"label\":\"$kind idle\",\"failed\":true}" >>"$runs"
  fi
  kill $first 2>/dev/null || true
  wait $first 2>/dev/null || true
  stop
}

# The side-by-side comparison, interleaved and repeated (the report takes each one's median
# run): on this shared machine single runs vary by 10-20 %.
repeats=3
$quick && repeats=1
sizes="100 200 2000"
$quick && sizes="100 200"
for p in $sizes; do
  for ((k = 1; k <= repeats; k++)); do
    measure "lingting closed $p #$k" lingting "$p" closed
    measure "lingting-noanalysis closed $p #$k" lingting "$p" closed -- --live-analysis=false
    # Conversations that end (20 messages a side, then the visitor leaves and a new one comes):
    # the end's writes and QA's search index are in these figures, and in no other row.
    [[ $p == 200 ]] && measure "lingting-ends closed $p #$k" lingting "$p" closed --end-after=20
    # The IME worker woken once a message (as before session 36) beside its default 20 ms linger.
    [[ $p == 200 ]] && measure "lingting-nolinger closed $p #$k" lingting "$p" closed -- --ime-linger-ms=0
    measure "beast closed $p #$k" beast "$p" closed
    measure "ws closed $p #$k" ws "$p" closed
    measure "durable closed $p #$k" durable "$p" closed
    measure "cdurable closed $p #$k" cdurable "$p" closed
    # The same frames without the store: what the protocol alone (a parse, an ack and a relay per
    # message) costs on Beast, the part of every target no store design can win back.
    [[ $p == 200 ]] && measure "protocol closed $p #$k" protocol "$p" closed
    # The durable peer with a journal-first store (fdatasync'd appends, SQLite folded every 5,000
    # messages): what issue #14's append-only live log could win back from the durable floor.
    [[ $p == 200 ]] && measure "journal closed $p #$k" journal "$p" closed
  done
done
# A steady load well under every server's limit: latency when nobody is saturated.
for kind in lingting beast ws durable cdurable protocol journal; do measure "$kind rate 100" "$kind" 100 rate --rate=20; done
measure "lingting-delay rate 100" lingting 100 rate --rate=20 -- --commit-delay-us=1000
if ! $quick; then
  for p in 500 1000 5000; do measure "lingting closed $p #1" lingting "$p" closed; done
  for kind in lingting beast ws; do idle "$kind"; done
else
  # Issue #14's memory targets compare Lingting with the bare Beast relay only.
  for kind in lingting beast; do idle "$kind"; done
fi

node bench/load_report.mjs "$runs" build/bench/load.json

# Where Lingting's time goes: one more closed run at 200 conversations under perf (software clock,
# call graphs), its samples given to stages of the hot path by bench/perf_stages.mjs.
if command -v perf >/dev/null; then
  start lingting
  taskset -c 1 "$bin/bench/loadgen" --port=$port --target=lingting --pairs=200 --mode=closed \
    --warmup=$warmup --duration=$((duration + 2)) --label=profile >/dev/null 2>"$work/loadgen.err" &
  loadgen_pid=$!
  sleep $((warmup + 2))
  perf record -q -e cpu-clock -F 999 --call-graph dwarf,16384 -p "$server_pid" -o build/bench/perf.data \
    -- sleep $((duration - 2)) 2>/dev/null || true
  wait $loadgen_pid || true
  stop
  perf script -i build/bench/perf.data -F tid,ip,sym --no-inline 2>/dev/null | node bench/perf_stages.mjs |
    tee build/bench/perf-stages.txt
  echo "profile: build/bench/perf.data, stages: build/bench/perf-stages.txt"
fi
