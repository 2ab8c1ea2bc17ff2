#!/usr/bin/env bash
# Installs the Debian packages Lingting needs to build and run, only those missing.
# Usage: bash server/install-deps.sh [--tests]   (--tests adds what the test suite needs)
set -euo pipefail

packages=(build-essential cmake pkg-config libboost1.81-dev rapidjson-dev libhunspell-dev
          hunspell-en-us hunspell-en-gb hunspell-en-med libsqlite3-dev libssl-dev libopencc-dev libopencc-data
          python3-jieba   # python3-jieba: only its dict.txt, the word list for word boundaries
          libimecore-dev libimepinyin-dev libfcitx5utils-dev libime-data libime-data-language-model
          libpq-dev)
          # libime: fcitx5's pinyin engine; its dictionary and language model find IME typos
          # libpq-dev: the PostgreSQL client library of the PostgreSQL store (server/store/pg_*)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(libgtest-dev libbenchmark-dev clang libclang-rt-14-dev sqlite3
             postgresql-15)  # pg_store_tests start a real, temporary PostgreSQL (initdb, pg_ctl)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
