#!/usr/bin/env bash
# A private PostgreSQL cluster for Quire's tests: its own data folder, its own port, listening on
# 127.0.0.1 only, started and stopped by this script and by nothing else.
#
#   scripts/postgres-cluster.sh start     # prints the export line for the tests; run it with eval
#   scripts/postgres-cluster.sh restart   # a fast restart (the fault tests' outage)
#   scripts/postgres-cluster.sh stop      # stops it and deletes its folder
#
#   eval "$(scripts/postgres-cluster.sh start)" && swift test
#
# QUIRE_PG_DIR (default /tmp/quire-postgres) and QUIRE_PG_PORT (default 54329) move it. The
# superuser is `quire`, with a random password made at the first start and kept in the folder
# (mode 600); the socket is its owner's only. A test cluster, reachable from this machine only. fsync is
# off (only an operating-system crash could lose data, and the folder is thrown away); commits are
# still acknowledged only once PostgreSQL has them, so a killed Quire process or a restarted
# server loses nothing. QUIRE_PG_DURABLE=1 keeps PostgreSQL's own settings (fsync on), as a
# benchmark wants.
set -euo pipefail

dir=${QUIRE_PG_DIR:-/tmp/quire-postgres}
port=${QUIRE_PG_PORT:-54329}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres-cluster: PostgreSQL's server is not installed; on Debian: apt-get install postgresql" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres: "$dir"
      as_owner sh -c "umask 077; od -An -tx1 -N16 /dev/urandom | tr -d ' \n' > '$dir/password'"
      as_owner "$bin/initdb" -D "$dir/data" -U quire --pwfile="$dir/password" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    durability="-c fsync=off -c full_page_writes=off"
    [ "${QUIRE_PG_DURABLE:-}" = 1 ] && durability=""
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c unix_socket_permissions=0700 $durability -c max_connections=400" \
        >/dev/null || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    password=$(cat "$dir/password")
    PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U quire -d postgres -qAt \
      -c "SELECT 1 FROM pg_database WHERE datname = 'quire'" | grep -q 1 \
      || PGPASSWORD=$password "$bin/psql" -h 127.0.0.1 -p "$port" -U quire -d postgres -q -c "CREATE DATABASE quire"
    echo "export QUIRE_TEST_POSTGRES_URL=postgres://quire:$password@127.0.0.1:$port/quire"
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -m fast restart >/dev/null
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -w -t 60 -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|restart|stop" >&2
    exit 2
    ;;
esac
