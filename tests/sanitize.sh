#!/usr/bin/env bash
# Sanitizer runs (too slow for every CI run; run before a release or after touching threads):
#   bash tests/sanitize.sh address   all unit and integration tests under ASan+UBSan
#   bash tests/sanitize.sh thread    the multi-threaded integration tests under TSan
set -euo pipefail
kind="${1:-address}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash server/install-deps.sh --tests
case "$kind" in
  address) flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" ;;
  thread)  flags="-fsanitize=thread" ;;
  *) echo "usage: $0 address|thread" >&2; exit 2 ;;
esac
build="build/$kind"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLINGTING_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$build" -j2
if [[ "$kind" == address ]]; then
  ctest --test-dir "$build" --output-on-failure -E "e2e_pages|fuzz_short" --timeout 600
else
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$build/tests/integration/integration_tests"
fi
