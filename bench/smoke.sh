#!/usr/bin/env bash
# A behaviour check of the load tools, run by the test suite (never a speed check): the
# generator drives Lingting, the bare Beast relay and the durable Beast peer (with its store,
# without, and with its journal) for one second each over loopback, and every message sent must
# have arrived, with no error. Keeps bench/load.sh from rotting.
#   bash bench/smoke.sh LINGTING LOADGEN BEAST_RELAY BEAST_DURABLE
set -euo pipefail
lingting=$1 loadgen=$2 beast=$3 durable=$4
work="$(mktemp -d /tmp/lingting-smoke.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# port_of FILE PATTERN: waits (10 s at most) for the line naming the port, prints the port.
port_of() {
  for _ in $(seq 1 200); do
    if grep -qo "$2[0-9]*" "$1"; then grep -o "$2[0-9]*" "$1" | head -1 | sed "s/.*://"; return 0; fi
    sleep 0.05
  done
  echo "no port in $1" >&2
  cat "$1" >&2
  return 1
}

# check LABEL JSON: the run relayed something and lost nothing.
check() {
  local out=$2
  [[ $out =~ \"messages\":([0-9]+) ]] && ((BASH_REMATCH[1] > 0)) || { echo "$1: nothing relayed: $out" >&2; return 1; }
  [[ $out == *'"undelivered":0,'* ]] || { echo "$1: messages lost: $out" >&2; return 1; }
  [[ $out == *'"errors":{}'* ]] || { echo "$1: errors: $out" >&2; return 1; }
  echo "$1: ok"
}

for i in $(seq 0 9); do printf 'bench-c%d\tconsultant\t\tbench-password\n' "$i"; done |
  "$lingting" --database="$work/db" --pbkdf2-iterations=1000 user import >/dev/null
"$lingting" --database="$work/db" --port=0 --messages-per-second=100000 --message-burst=100000 \
  --conversations-per-address=0 --visitor-connects-per-second=100000 --visitor-connect-burst=100000 >"$work/lingting.out" 2>/dev/null &
pids+=($!)
port=$(port_of "$work/lingting.out" "http://127.0.0.1:")
check lingting "$("$loadgen" --port="$port" --pairs=10 --warmup=0.2 --duration=1 --server-pid="${pids[0]}")"

"$beast" 0 >"$work/beast.out" &
pids+=($!)
port=$(port_of "$work/beast.out" "127.0.0.1:")
check beast_relay "$("$loadgen" --port="$port" --target=pair --pairs=10 --warmup=0.2 --duration=1)"

# durable LABEL ARGS...: the durable Beast peer run with ARGS after its port.
durable() {
  local label=$1
  shift
  "$durable" 0 "$@" >"$work/durable.out" &
  pids+=($!)
  port=$(port_of "$work/durable.out" "127.0.0.1:")
  check "$label" "$("$loadgen" --port="$port" --target=pair --pairs=10 --warmup=0.2 --duration=1)"
  kill "${pids[-1]}"
  wait "${pids[-1]}"  # a clean exit: SIGTERM stops it
}
durable beast_durable "$work/durable.db"
durable "beast_durable --no-store" --no-store
durable "beast_durable --journal" "$work/journal.db" --journal
# A journal needs a database: refused with the usage line, not started.
if "$durable" 0 --no-store --journal 2>"$work/usage.err"; then echo "beast_durable --no-store --journal started" >&2; exit 1; fi
grep -q usage "$work/usage.err" || { echo "beast_durable: no usage line" >&2; exit 1; }
echo "beast_durable usage: ok"
