#!/usr/bin/env bash
# Builds everything and runs every test through ctest. CI (.ci/run) calls exactly this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash server/install-deps.sh --tests
# Page tests: Debian's Chromium, CJK fonts for readable screenshots, and playwright-core from npm.
bash tests/e2e/install.sh
cmake -S . -B build/test -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/test -j2
ctest --test-dir build/test --output-on-failure -j2 --timeout 300
