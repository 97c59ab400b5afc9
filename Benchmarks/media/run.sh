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

missing=()
command -v vips >/dev/null 2>&1 || missing+=(libvips-tools)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
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
  echo "building quire in release mode" >&2
  (cd "$repo" && swift build -c release --product quire >&2)
  binary="$repo/.build/release/quire"
fi
exec python3 "$here/bench.py" --binary "$(realpath "$binary")" --work "$repo/.build-bench-media" "${arguments[@]}"
