#!/usr/bin/env bash
# Quire's HTTP benchmark against nginx serving the same bytes: see README.md beside this script.
# Usage: Benchmarks/http/run.sh            10,000 posts: routes, writes under load, freshness, uncached pages
#        Benchmarks/http/run.sh --scale    1,000 against 100,000 posts and 1,000,000 comments
#        Benchmarks/http/run.sh --ceiling  also Hummingbird alone serving the same bytes (builds ./ceiling)
#        Benchmarks/http/run.sh --posts 2000 --duration 2 --binary .build/debug/quire     (CI: a short run)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work="$repo/.build-bench-http"
say() { printf '%s\n' "$*" >&2; }

source "$here/../prepare.sh"
bench_install wrk nginx python3-venv
venv="$repo/.build-bench-venv"
bench_venv "$venv" numpy numpy "for the blog generator"

binary=""
arguments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --ceiling)
      say "building the ceiling program (Hummingbird alone) in release mode"
      (cd "$here/ceiling" && swift build -c release >&2)
      arguments+=(--ceiling "$here/ceiling/.build/release/ceiling"); shift ;;
    *) arguments+=("$1"); shift ;;
  esac
done
binary=$(bench_quire_binary "$repo" "$binary")

rm -rf "$work" && mkdir -p "$work"
"$venv/bin/python" "$here/bench.py" "$binary" "$work" --python "$venv/bin/python" "${arguments[@]}"
