#!/usr/bin/env bash
# SQLite against PostgreSQL, one process against two behind nginx: see README.md beside this script.
# Usage: Benchmarks/postgres/run.sh                                   2,000 posts, 5 s a figure
#        Benchmarks/postgres/run.sh --posts 500 --duration 2 --binary .build/debug/quire
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work="$repo/.build-bench-postgres"
say() { printf '%s\n' "$*" >&2; }

source "$here/../prepare.sh"
bench_install wrk nginx postgresql python3-venv
venv="$repo/.build-bench-venv"
bench_venv "$venv" numpy numpy "for the blog generator"

binary=""
arguments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    *) arguments+=("$1"); shift ;;
  esac
done
binary=$(bench_quire_binary "$repo" "$binary")

# A cluster of the benchmark's own (folder and port), stopped and deleted at the end.
# PostgreSQL's own durability (fsync on), as a real server keeps it; the test cluster turns it off.
export QUIRE_PG_DIR=${QUIRE_BENCH_PG_DIR:-/tmp/quire-postgres-bench} QUIRE_PG_PORT=${QUIRE_BENCH_PG_PORT:-54349} QUIRE_PG_DURABLE=1
trap '"$repo/scripts/postgres-cluster.sh" stop' EXIT
eval "$("$repo/scripts/postgres-cluster.sh" start)"

rm -rf "$work" && mkdir -p "$work"
"$venv/bin/python" "$here/bench.py" "$binary" "$work" --python "$venv/bin/python" \
  --postgres-url "${QUIRE_TEST_POSTGRES_URL%/*}/quire_bench" ${arguments[@]+"${arguments[@]}"}
