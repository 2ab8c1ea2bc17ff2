#!/usr/bin/env bash
# Builds Lingting in Release and starts it on 127.0.0.1:8080 with the SQLite file under ./data/.
# Creates demo staff accounts on first run. Extra arguments go to the server (see --help).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash server/install-deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DLINGTING_BENCH=OFF >/dev/null
cmake --build build/release --target lingting -j2
mkdir -p data
exec build/release/server/lingting --database=data/lingting.db --demo-accounts=true "$@"
