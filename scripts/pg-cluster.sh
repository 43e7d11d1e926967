#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests and CI: `start DIR` prints DATABASE_URL=... on stdout; `stop DIR` removes it.
# It listens on 127.0.0.1 only (socket in DIR), with fsync on, since durability is what the tests exercise.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command="$1"
[ -n "$2" ] || usage
dir="$(realpath -m -- "$2")"

find_binaries() {
  pg_bin="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
  if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin: run scripts/ensure-postgres.sh (or set PG_BIN)." >&2
    exit 1
  fi
}

# initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Written as plain text: console.log colours a number when FORCE_COLOR is set (Playwright sets it for its web servers).
free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(s.address().port + '\\n'); s.close(); })"
}

start() {
  find_binaries
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "$dir is not empty: give a new or empty directory." >&2
    exit 1
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
  # No sync of initdb's own files (a crash mid-setup only loses this throwaway directory); the server runs with fsync on.
  # PG_WALDIR (optional, an empty directory the owner can write): the write-ahead log on another file system.
  # Text sorts bytewise (collation C), as in SQLite; PG_ICU_LOCALE (en-US, say) sorts it as a managed database set up
  # for a language does, to run the suite on such a cluster.
  collation=(--lc-collate=C)
  if [ -n "${PG_ICU_LOCALE:-}" ]; then collation=(--locale-provider=icu --icu-locale="$PG_ICU_LOCALE"); fi
  as_owner "$pg_bin/initdb" -D "$dir/data" ${PG_WALDIR:+--waldir="$PG_WALDIR"} --encoding=UTF8 --locale=C.UTF-8 "${collation[@]}" --auth-local=peer \
    --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
CONF
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    if as_owner "$pg_bin/pg_ctl" start -D "$dir/data" -o "-p $port" -l "$dir/postgres.log" -w -t 60 >/dev/null; then break; fi
    # Another process may have taken the port between the probe and the start: try another one.
    [ "$attempt" = 5 ] && { cat "$dir/postgres.log" >&2; exit 1; }
  done
  local password
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  # Not a superuser. CREATEROLE lets the tests make a role that owns nothing, for the app to run as (DATABASE_MIGRATION_URL).
  as_owner "$pg_bin/psql" -h "$dir" -p "$port" -d postgres -X -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE provenant LOGIN CREATEDB CREATEROLE PASSWORD '$password'" \
    -c "CREATE DATABASE provenant OWNER provenant" >&2
  echo "DATABASE_URL=postgres://provenant:$password@127.0.0.1:$port/provenant"
}

stop() {
  if [ ! -d "$dir" ]; then return 0; fi
  # Only ever remove a directory this script made (or an empty one): it holds a cluster or initdb's log.
  if [ -n "$(ls -A "$dir")" ] && [ ! -f "$dir/data/PG_VERSION" ] && [ ! -f "$dir/initdb.log" ]; then
    echo "$dir does not look like a cluster made by $0: not removing it." >&2
    exit 1
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then find_binaries; as_owner "$pg_bin/pg_ctl" stop -D "$dir/data" -m fast -w >/dev/null; fi
  rm -rf -- "$dir"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
