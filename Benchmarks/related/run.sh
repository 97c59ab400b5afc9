#!/usr/bin/env bash
# Related-posts quality and speed benchmark: see README.md beside this script.
# Usage: Benchmarks/related/run.sh                          both corpora, and timings at 50,000 posts
#        Benchmarks/related/run.sh --large 0                 quality and corpus-size timing only
#        Benchmarks/related/run.sh --large 2000 --binary .build/debug/quire    (CI)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${BENCH_WORK:-$(mktemp -d)}
port=${BENCH_PORT:-18300}
large_posts=50000
binary=""
while [ $# -gt 0 ]; do
  case "$1" in
    --large) large_posts=$2; shift 2 ;;
    --skip-50k) large_posts=0; shift ;;
    --binary) binary=$2; shift 2 ;;
    *) echo "usage: $0 [--large N] [--binary PATH]" >&2; exit 2 ;;
  esac
done
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; true' EXIT

say() { printf '%s\n' "$*" >&2; }

# Debian's long package descriptions: apt here may be set to skip translations.
if ! ls /var/lib/apt/lists/*Translation-en* >/dev/null 2>&1; then
  say "fetching Debian's English package descriptions (apt-get update with Translation-en)"
  apt-get update -qq -o Acquire::Languages=en
fi

source "$here/../prepare.sh"
venv="$repo/.build-bench-venv"
bench_venv "$venv" sklearn scikit-learn "for the TF-IDF baseline"
py="$venv/bin/python"

binary=$(bench_quire_binary "$repo" "$binary")

# serve CONFIG: starts quire on $port and waits for /healthz.
serve() {
  "$binary" serve --config "$1" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  say "quire did not start:"; cat "$work/serve.log" >&2; exit 1
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# import NAME FOLDER: imports Markdown files into a new database of their own; prints the config path.
import_folder() {
  local name=$1 folder=$2
  local config="$work/$name.json"
  printf '{"server": {"port": %s}, "database": {"path": "%s/%s.sqlite"}, "related_posts": 5}\n' "$port" "$work" "$name" >"$config"
  local start=$SECONDS
  "$binary" import --config "$config" "$folder" | tail -n 1 >&2
  say "imported $name in $((SECONDS - start)) s"
  echo "$config"
}

# measure NAME CORPUS MODE [write_posts options]: imports a corpus, serves it, prints evaluate.py's figures.
measure() {
  local name=$1 corpus=$2 mode=$3; shift 3
  "$py" "$here/write_posts.py" "$corpus" "$work/$name-posts" "$@"
  serve "$(import_folder "$name" "$work/$name-posts")"
  "$py" "$here/evaluate.py" "$corpus" --port "$port" --mode "$mode" --sample 1000
  stop
}

"$py" "$here/corpus.py" --out "$work/debian.jsonl" >&2
"$py" "$here/python_docs.py" --out "$work/python.jsonl" --cache "$work/python-doc" >&2

debian_baseline=$("$py" "$here/evaluate.py" "$work/debian.jsonl" --port "$port" --mode baseline)
debian_tags=$(measure debian-tags "$work/debian.jsonl" quality)
debian_notags=$(measure debian-notags "$work/debian.jsonl" quality --no-tags)
python_baseline=$("$py" "$here/evaluate.py" "$work/python.jsonl" --port "$port" --mode baseline)
python_notags=$(measure python "$work/python.jsonl" quality)

none='{"median_ms": null, "p95_ms": null, "posts": 0}'
large_short=$none
large_long=$none
if [ "$large_posts" -gt 0 ]; then
  "$py" "$here/corpus.py" --all "$large_posts" --out "$work/large.jsonl" >&2
  large_short=$(measure large-short "$work/large.jsonl" timing)
  python3 "$repo/Benchmarks/import/make_posts.py" "$work/large-long-posts" --posts "$large_posts" >&2
  serve "$(import_folder large-long "$work/large-long-posts")"
  large_long=$("$py" "$here/evaluate.py" --slugs-from "$work/large-long-posts" --port "$port" --mode timing --sample 1000)
  stop
fi

"$py" - "$debian_baseline" "$debian_tags" "$debian_notags" "$python_baseline" "$python_notags" "$large_short" "$large_long" <<'PY'
import json, sys
debian_baseline, tags, notags, python_baseline, python, short, long = (json.loads(a) for a in sys.argv[1:])
ms = lambda v: "-" if v is None else f"{v:.2f}"
row = lambda name, p3, p5: print(f"{name:<44}{p3:>12.3f}{p5:>12.3f}")
header = lambda: print(f"{'system':<44}{'precision@3':>12}{'precision@5':>12}")
print(f"Debian: {tags['posts']} package descriptions from 16 archive sections; label = section")
header()
row("Quire, with tags (debtags)", tags["p3"], tags["p5"])
row("Quire, without tags", notags["p3"], notags["p5"])
row("TF-IDF cosine (stop words, sublinear tf)", debian_baseline["p3"], debian_baseline["p5"])
row("TF-IDF cosine (scikit-learn defaults)", debian_baseline["defaults_p3"], debian_baseline["defaults_p5"])
print()
print(f"Python library reference: {python['posts']} pages of up to 10,000 characters; label = chapter; no tags")
header()
row("Quire", python["p3"], python["p5"])
row("TF-IDF cosine (stop words, sublinear tf)", python_baseline["p3"], python_baseline["p5"])
row("TF-IDF cosine (scikit-learn defaults)", python_baseline["defaults_p3"], python_baseline["defaults_p5"])
print()
print(f"{'related list over HTTP':<44}{'posts':>8}{'median ms':>12}{'p95 ms':>10}")
print(f"{'Debian corpus, with tags':<44}{tags['posts']:>8}{ms(tags['median_ms']):>12}{ms(tags['p95_ms']):>10}")
print(f"{'Python reference':<44}{python['posts']:>8}{ms(python['median_ms']):>12}{ms(python['p95_ms']):>10}")
print(f"{'large: Debian descriptions, with tags':<44}{short['posts']:>8}{ms(short['median_ms']):>12}{ms(short['p95_ms']):>10}")
print(f"{'large: generated 800-word posts, 3-5 tags':<44}{long['posts']:>8}{ms(long['median_ms']):>12}{ms(long['p95_ms']):>10}")
PY
