# A temporary PostgreSQL for the benchmarks, as the tests start one (tests/support/pg_server):
# initdb into a fresh folder, listening only on a Unix socket in that folder (no TCP port),
# synchronous_commit=on and fsync=on (an ack means the WAL is on disk, like SQLite's
# synchronous=FULL); as `nobody` when run as root. Sourced by bench/backends.sh:
#
#   pg_temp_start DIR        # initdb + start; sets PG_TEMP_DIR
#   pg_temp_uri NAME         # postgresql:///NAME?host=DIR&user=lingting
#   pg_temp_sql SQL          # runs SQL on the server's postgres database
#   pg_temp_cpu_ticks        # CPU ticks of the server's processes so far (postmaster and children)
#   pg_temp_stop             # stop and remove the folder
pg_temp_bin() {
  if [[ -n "${LINGTING_PG_BIN:-}" ]]; then echo "$LINGTING_PG_BIN"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

pg_temp_as_owner() {
  if [[ $(id -u) == 0 ]]; then runuser -u nobody -- "$@"; else "$@"; fi
}

pg_temp_start() {
  PG_TEMP_DIR=$1
  local bin
  bin=$(pg_temp_bin)
  [[ -x "$bin/initdb" ]] || { echo "PostgreSQL binaries not found (bash server/install-deps.sh --tests)" >&2; return 1; }
  mkdir -p "$PG_TEMP_DIR"
  [[ $(id -u) == 0 ]] && chown nobody "$PG_TEMP_DIR"
  pg_temp_as_owner "$bin/initdb" -D "$PG_TEMP_DIR/data" -U lingting --auth=trust -E UTF8 --no-locale \
    --no-instructions >"$PG_TEMP_DIR/initdb.log" 2>&1 || { cat "$PG_TEMP_DIR/initdb.log" >&2; return 1; }
  cat >>"$PG_TEMP_DIR/data/postgresql.conf" <<CONF
# lingting bench
listen_addresses = ''
unix_socket_directories = '$PG_TEMP_DIR'
synchronous_commit = on
fsync = on
max_connections = 50
CONF
  pg_temp_as_owner "$bin/pg_ctl" -D "$PG_TEMP_DIR/data" -l "$PG_TEMP_DIR/server.log" -w -t 60 start >/dev/null ||
    { cat "$PG_TEMP_DIR/server.log" >&2; return 1; }
}

pg_temp_uri() { echo "postgresql:///$1?host=$PG_TEMP_DIR&user=lingting"; }

pg_temp_sql() { "$(pg_temp_bin)/psql" -q -X -v ON_ERROR_STOP=1 "$(pg_temp_uri postgres)" -c "$1" >/dev/null; }

pg_temp_cpu_ticks() {
  local pm total=0 pid stat
  pm=$(head -1 "$PG_TEMP_DIR/data/postmaster.pid")
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    # After "(comm) ": field 2 is the parent, 12 and 13 utime and stime (in clock ticks).
    stat=${stat##*) }
    set -- $stat
    if [[ $pid == "$pm" || $2 == "$pm" ]]; then total=$((total + ${12} + ${13})); fi
  done
  echo "$total"
}

pg_temp_stop() {
  [[ -n "${PG_TEMP_DIR:-}" && -d "$PG_TEMP_DIR/data" ]] || return 0
  pg_temp_as_owner "$(pg_temp_bin)/pg_ctl" -D "$PG_TEMP_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_TEMP_DIR"
}
