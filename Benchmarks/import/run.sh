#!/usr/bin/env bash
# `quire import` at scale: generated Markdown posts of about 800 words with 3-5 tags, imported into
# a new blog, once at N posts and once at 10×N; prints the time, the rate, the peak memory and how
# the time grows. Checks that every post arrived with its tags and related-post keywords.
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

printf '%-10s %10s %12s %14s\n' posts seconds "posts a s" "peak memory MB"
first=""
for n in "$posts" $((posts * 10)); do
  folder="$work/posts-$n"
  if [ ! -f "$folder/.complete" ]; then
    rm -rf "$folder"
    python3 "$here/make_posts.py" "$folder" --posts "$n" >&2
    touch "$folder/.complete"
  fi
  database="$work/blog-$n.sqlite"
  rm -f "$database" "$database-wal" "$database-shm"
  QUIRE_DATABASE_PATH="$database" /usr/bin/time -f "%e %M" -o "$work/time-$n" "$binary" import "$folder" >"$work/import-$n.log"
  read -r seconds kilobytes <"$work/time-$n"
  stored=$(sqlite3 "$database" "SELECT COUNT(*) FROM post")
  tagged=$(sqlite3 "$database" "SELECT COUNT(DISTINCT post_id) FROM post_tag")
  weighted=$(sqlite3 "$database" "SELECT COUNT(DISTINCT post_id) FROM post_keyword")
  if [ "$stored" != "$n" ] || [ "$tagged" != "$n" ] || [ "$weighted" != "$n" ]; then
    echo "incomplete import: $stored posts, $tagged with tags, $weighted with keywords, of $n" >&2
    exit 1
  fi
  awk -v n="$n" -v s="$seconds" -v k="$kilobytes" 'BEGIN { printf "%-10s %10.1f %12.0f %14.0f\n", n, s, n / s, k / 1024 }'
  if [ -z "$first" ]; then first=$seconds; else last=$seconds; fi
done
awk -v a="$first" -v b="$last" 'BEGIN { printf "time for 10x the posts: %.1fx (linear is 10x)\n", b / a }'
