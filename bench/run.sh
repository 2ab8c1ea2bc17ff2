#!/usr/bin/env bash
# Builds in Release and runs the benchmarks; figures are printed (and written as JSON to
# build/bench/analyzer_bench.json so a regression can be seen across commits).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash server/install-deps.sh --tests
cmake -S . -B build/bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build/bench --target analyzer_bench -j2
# Median of 7 runs on one pinned core: this machine is noisy (stddev 10-20 %).
taskset -c 1 build/bench/bench/analyzer_bench --benchmark_min_time=0.5 --benchmark_repetitions=7 \
  --benchmark_report_aggregates_only=true \
  --benchmark_out=build/bench/analyzer_bench.json --benchmark_out_format=json
cmake --build build/bench --target qa_store_bench -j2
build/bench/bench/qa_store_bench 100000 build/bench/qa_store_bench.json
# The live log's group commit per message, QA's search index written at the end beside per message.
cmake --build build/bench --target store_commit_bench -j2
build/bench/bench/store_commit_bench 20000 20
cmake --build build/bench --target keyword_report_bench -j2
build/bench/bench/keyword_report_bench 100000 build/bench/keyword_report_bench.json
# Both analyzer speeds beside their goals: the inline check (msg/s) and the IME typo check (CPU time per
# consultant message, its worker at fixed rates).
cmake --build build/bench --target ime_bench -j2
taskset -c 1 build/bench/bench/ime_bench 5 3
