#!/usr/bin/env bash
# The two store backends side by side in one run: SQLite (a file; synchronous=FULL) and
# PostgreSQL (a temporary server started here, bench/pg_temp.sh: Unix socket only,
# synchronous_commit=on, fsync=on), under the QA store benchmark (bench/qa_store_bench.cpp) and
# Lingting's load (bench/loadgen, closed loop and a fixed rate, as bench/load.sh runs it).
#
#   bash bench/backends.sh            # QA store on 100,000 conversations, 10 s load runs (~6 minutes)
#   bash bench/backends.sh --quick    # 20,000 conversations, 5 s load runs (~3 minutes)
#
# The server side is pinned to core 0 (Lingting, and PostgreSQL's processes too: one machine,
# one core for the relay and its store either way), the load generator to core 1. Prints the
# tables; writes build/bench/qa_store_backends.json, build/bench/backends-runs.jsonl and the
# summary build/bench/backends.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
conversations=100000
duration=10
warmup=2
$quick && conversations=20000 && duration=5 && warmup=1

bash server/install-deps.sh --tests >/dev/null
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build/bench --target lingting loadgen qa_store_bench -j2 >build/bench/backends-build.log 2>&1 ||
  { tail -30 build/bench/backends-build.log >&2; exit 1; }
bin=build/bench
# shellcheck source=bench/pg_temp.sh
source bench/pg_temp.sh

work="$(mktemp -d /tmp/lingting-backends.XXXXXX)"
chmod 755 "$work"  # PostgreSQL runs as nobody when this runs as root: it must reach its folder inside
# shellcheck source=bench/serve.sh
source bench/serve.sh
cleanup() {
  stop_server
  pg_temp_stop
  rm -rf "$work"
}
trap cleanup EXIT
# PostgreSQL's processes inherit the core of the pg_ctl that starts them: core 0, as Lingting.
PG_TEMP_DIR="$work/pg"
pg_temp_as_owner() { if [[ $(id -u) == 0 ]]; then taskset -c 0 runuser -u nobody -- "$@"; else taskset -c 0 "$@"; fi; }
pg_temp_start "$work/pg"

echo "== QA store: $conversations conversations on each backend ==" >&2
pg_temp_sql "CREATE DATABASE qa_bench"
taskset -c 0 "$bin/bench/qa_store_bench" "$conversations" build/bench/qa_store_backends.json \
  sqlite="$work/qa.db" postgresql="$(pg_temp_uri qa_bench)" | tee "$work/qa.txt"
pg_temp_sql "DROP DATABASE qa_bench"
rm -f "$work"/qa.db*

echo "== Load: Lingting on each backend ==" >&2
max_pairs=200
accounts() { for ((i = 0; i < max_pairs; i++)); do printf 'bench-c%d\tconsultant\t\tbench-password\n' "$i"; done; }
accounts | "$bin/server/lingting" --database="$work/template.db" --pbkdf2-iterations=1000 user import >/dev/null
pg_temp_sql "CREATE DATABASE load_template"
accounts | "$bin/server/lingting" --database="$(pg_temp_uri load_template)" --pbkdf2-iterations=1000 user import >/dev/null

runs=build/bench/backends-runs.jsonl
: >"$runs"
port=18600
runs_made=0

# start BACKEND [FLAGS...]: Lingting on core 0 at a fresh port, on a fresh copy of the accounts.
start() {
  local backend=$1 database
  shift
  port=$((port + 1))
  runs_made=$((runs_made + 1))
  if [[ $backend == sqlite ]]; then
    rm -f "$work"/run.db*
    cp "$work/template.db" "$work/run.db"
    database="$work/run.db"
  else
    pg_temp_sql "CREATE DATABASE run_$runs_made TEMPLATE load_template"
    database="$(pg_temp_uri run_$runs_made)"
  fi
  serve_lingting "$bin/server/lingting" "$database" $port "$@"
}

stop() { stop_server; }

# measure BACKEND PAIRS MODE [LOADGEN ARGS...]: one run; PostgreSQL's own CPU over the measured
# window (after the warm-up) is added to the run's line as "store_cpu_s".
measure() {
  local backend=$1 pairs=$2 mode=$3
  shift 3
  local label="$backend $mode $pairs"
  start "$backend"
  printf '%-28s' "$label" >&2
  (
    sleep $((warmup + 1))
    t0=$(pg_temp_cpu_ticks)
    sleep $((duration - 1))
    echo $(( $(pg_temp_cpu_ticks) - t0 )) >"$work/pg_ticks"
  ) &
  local sampler=$!
  if taskset -c 1 "$bin/bench/loadgen" --port=$port --target=lingting --pairs="$pairs" --mode="$mode" \
    --warmup=$warmup --duration=$duration --server-pid="$server_pid" --label="$label" "$@" \
    >"$work/run.json" 2>"$work/loadgen.err"; then
    wait $sampler || true
    local ticks=0
    [[ $backend == postgresql ]] && ticks=$(cat "$work/pg_ticks")
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      r.store_cpu_s = Number(process.argv[2]) / Number(process.argv[3]) * r.seconds / (Number(process.argv[4]) - 1);
      console.log(JSON.stringify(r));
      console.error(`${Math.round(r.throughput)} msg/s  p99 ${(r.latency_us.p99 / 1000).toFixed(2)} ms  ` +
                    `${r.server.cpu_us_per_msg.toFixed(1)} µs/msg`);' \
      "$work/run.json" "$ticks" "$(getconf CLK_TCK)" "$duration" >>"$runs"
  else
    wait $sampler || true
    echo "FAILED: $(cat "$work/loadgen.err")" >&2
    echo "{\"label\":\"$label\",\"failed\":true}" >>"$runs"
  fi
  stop
}

for p in 100 200; do
  for backend in sqlite postgresql; do measure $backend $p closed; done
done
# A steady 4,000 messages/s (100 conversations, 20 a second per side): latency when nobody is saturated.
for backend in sqlite postgresql; do measure $backend 100 rate --rate=20; done

node bench/backends_report.mjs "$runs" build/bench/qa_store_backends.json build/bench/backends.json
