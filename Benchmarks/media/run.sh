#!/usr/bin/env bash
# Media: the time and memory to take a 24-megapixel JPEG, the bytes a phone downloads for a post
# with a featured image before (the original file) and after (the size it picks), and media
# files served by Quire from the database against nginx serving the same bytes from disk.
# Usage: Benchmarks/media/run.sh [--binary PATH] [--runs 3] [--duration 5]
# It installs what it needs from Debian (libvips-tools to make the test photos, wrk, nginx) and,
# without --binary, builds Quire in release mode. Every server it starts listens on loopback and
# is stopped at the end; each load run is bounded by --duration.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

source "$here/../prepare.sh"
bench_install libvips-tools wrk nginx

binary=""
arguments=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    *) arguments+=("$1"); shift ;;
  esac
done
binary=$(bench_quire_binary "$repo" "$binary")
exec python3 "$here/bench.py" --binary "$(realpath "$binary")" --work "$repo/.build-bench-media" "${arguments[@]}"
