#!/usr/bin/env bash
# Builds the fuzz targets with clang (ASan+UBSan) and runs each for SECONDS (default 10).
# Usage: bash tests/fuzz/run.sh [SECONDS]      e.g. 600 for a ten-minute session per target
set -euo pipefail
seconds="${1:-10}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build/fuzz"
CC=clang CXX=clang++ cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 >"$build/build.log" 2>&1 || { cat "$build/build.log"; exit 1; }
status=0
for t in protocol transcript lexicon visitor_input; do
  work="$build/corpus-$t"
  mkdir -p "$work"
  # New inputs go to the work folder; the checked-in seeds are read, never written.
  if "$build/${t}_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
       -artifact_prefix="$build/crash-$t-" "$work" "$here/corpus/$t" >"$build/$t.log" 2>&1; then
    echo "fuzz $t: $(grep -o 'number_of_executed_units: [0-9]*' "$build/$t.log" | grep -o '[0-9]*') runs in ${seconds}s, clean"
  else
    echo "fuzz $t: FAILED"; grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$build/$t.log" | head -20
    status=1
  fi
done
exit $status
