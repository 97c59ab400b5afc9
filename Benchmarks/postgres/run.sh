#!/usr/bin/env bash
# SQLite against PostgreSQL, one process against two behind nginx: see README.md beside this script.
# Usage: Benchmarks/postgres/run.sh                                   2,000 posts, 5 s a figure
#        Benchmarks/postgres/run.sh --posts 500 --duration 2 --binary .build/debug/quire
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work="$repo/.build-bench-postgres"
say() { printf '%s\n' "$*" >&2; }

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian's packages"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
venv="$repo/.build-bench-venv"
if ! "$venv/bin/python" -c 'import numpy' >/dev/null 2>&1; then
  say "installing numpy (for the blog generator) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy
fi

binary=""
arguments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    *) arguments+=("$1"); shift ;;
  esac
done
if [ -z "$binary" ]; then
  say "building quire in release mode"
  (cd "$repo" && swift build -c release --product quire >&2)
  binary="$repo/.build/release/quire"
fi

# A cluster of the benchmark's own (folder and port), stopped and deleted at the end.
export QUIRE_PG_DIR=${QUIRE_BENCH_PG_DIR:-/tmp/quire-postgres-bench} QUIRE_PG_PORT=${QUIRE_BENCH_PG_PORT:-54349}
trap '"$repo/scripts/postgres-cluster.sh" stop' EXIT
eval "$("$repo/scripts/postgres-cluster.sh" start)"

rm -rf "$work" && mkdir -p "$work"
"$venv/bin/python" "$here/bench.py" "$binary" "$work" --python "$venv/bin/python" \
  --postgres-url "${QUIRE_TEST_POSTGRES_URL%/*}/quire_bench" ${arguments[@]+"${arguments[@]}"}
