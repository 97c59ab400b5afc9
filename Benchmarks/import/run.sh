#!/usr/bin/env bash
# `quire import` and `quire import-wordpress` at scale: generated posts of about 800 words with 3-5
# tags (Markdown files; a WordPress export with comments and featured images), each imported into a
# new blog, once at N posts and once at 10×N; prints the time, the rate, the peak memory and how
# the time grows. Checks that every post arrived with its tags and related-post weights.
# Usage: Benchmarks/import/run.sh                   10,000 and 100,000 posts, release build
#        Benchmarks/import/run.sh --posts 300 --binary .build/debug/quire    (CI: 300 and 3,000)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work="$repo/.build-bench-import"
posts=10000
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --posts) posts=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    *) echo "usage: $0 [--posts N] [--binary PATH]" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "install sqlite3 (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "install time (apt-get install time)" >&2; exit 1; }
if [ -z "$binary" ]; then
  echo "building quire in release mode" >&2
  (cd "$repo" && swift build -c release --product quire >&2)
  binary="$repo/.build/release/quire"
fi
mkdir -p "$work"

# run_import KIND N: makes N posts (once), imports them into a new blog, checks that every post arrived
# with its tags and related-post weights, and prints a row; sets $seconds.
run_import() {
  local kind=$1 n=$2 database="$work/blog-$1-$2.sqlite" source
  if [ "$kind" = markdown ]; then
    source="$work/posts-$n"
    if [ ! -f "$source/.complete" ]; then
      rm -rf "$source"; python3 "$here/make_posts.py" "$source" --posts "$n" >&2; touch "$source/.complete"
    fi
  else
    source="$work/export-$n.xml"
    [ -f "$source" ] || { python3 "$here/make_wxr.py" "$source.part" --posts "$n" && mv "$source.part" "$source"; }
  fi
  rm -f "$database" "$database-wal" "$database-shm"
  local command=import; [ "$kind" = wordpress ] && command=import-wordpress
  QUIRE_DATABASE_PATH="$database" /usr/bin/time -f "%e %M" -o "$work/time-$kind-$n" "$binary" "$command" "$source" >"$work/import-$kind-$n.log"
  local kilobytes
  read -r seconds kilobytes <"$work/time-$kind-$n"
  local stored tagged weighted
  stored=$(sqlite3 "$database" "SELECT COUNT(*) FROM post")
  tagged=$(sqlite3 "$database" "SELECT COUNT(DISTINCT post_id) FROM post_tag")
  weighted=$(sqlite3 "$database" "SELECT COUNT(DISTINCT post_id) FROM post_term_vector")
  if [ "$stored" != "$n" ] || [ "$tagged" != "$n" ] || [ "$weighted" != "$n" ]; then
    echo "incomplete $kind import: $stored posts, $tagged with tags, $weighted with weights, of $n" >&2
    exit 1
  fi
  awk -v kind="$kind" -v n="$n" -v s="$seconds" -v k="$kilobytes" 'BEGIN { printf "%-10s %10s %10.1f %12.0f %14.0f\n", kind, n, s, n / s, k / 1024 }'
}

printf '%-10s %10s %10s %12s %14s\n' source posts seconds "posts a s" "peak memory MB"
for kind in markdown wordpress; do
  run_import "$kind" "$posts"; first=$seconds
  run_import "$kind" $((posts * 10)); last=$seconds
  awk -v kind="$kind" -v a="$first" -v b="$last" 'BEGIN { printf "%s: time for 10x the posts: %.1fx (linear is 10x)\n", kind, b / a }'
done
