#!/usr/bin/env bash
# Related-posts quality and speed benchmark: see README.md beside this script.
# Usage: Benchmarks/related/run.sh [--skip-50k]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${BENCH_WORK:-$(mktemp -d)}
port=${BENCH_PORT:-18300}
server_pid=""
trap '[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; true' EXIT

say() { printf '%s\n' "$*" >&2; }

# Debian's long package descriptions: apt here may be set to skip translations.
if ! ls /var/lib/apt/lists/*Translation-en* >/dev/null 2>&1; then
  say "fetching Debian's English package descriptions (apt-get update with Translation-en)"
  apt-get update -qq -o Acquire::Languages=en
fi

venv="$repo/.build-bench-venv"
if [ ! -x "$venv/bin/python" ]; then
  say "installing scikit-learn for the TF-IDF baseline into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q scikit-learn
fi
py="$venv/bin/python"

say "building quire in release mode"
(cd "$repo" && swift build -c release --product quire >&2)
quire="$repo/.build/release/quire"

# serve CONFIG: starts quire on $port and waits for /healthz.
serve() {
  "$quire" serve --config "$1" >"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  say "quire did not start:"; cat "$work/serve.log" >&2; exit 1
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# load NAME CORPUS [--no-tags]: imports a corpus into its own database; prints the config path.
load() {
  local name=$1 corpus=$2; shift 2
  local config="$work/$name.json"
  printf '{"server": {"port": %s}, "database": {"path": "%s/%s.sqlite"}, "related_posts": 5}\n' "$port" "$work" "$name" >"$config"
  "$py" "$here/write_posts.py" "$corpus" "$work/$name-posts" "$@"
  local start=$SECONDS
  "$quire" import --config "$config" "$work/$name-posts" | tail -n 1 >&2
  say "imported $name in $((SECONDS - start)) s"
  echo "$config"
}

"$py" "$here/corpus.py" --out "$work/corpus.jsonl" >&2
baseline=$("$py" "$here/evaluate.py" "$work/corpus.jsonl" --port "$port" --mode baseline)

config=$(load tags "$work/corpus.jsonl")
serve "$config"
with_tags=$("$py" "$here/evaluate.py" "$work/corpus.jsonl" --port "$port" --mode quality)
stop

config=$(load notags "$work/corpus.jsonl" --no-tags)
serve "$config"
without_tags=$("$py" "$here/evaluate.py" "$work/corpus.jsonl" --port "$port" --mode quality)
stop

large='{"median_ms": null, "p95_ms": null, "posts": 0}'
if [ "${1:-}" != "--skip-50k" ]; then
  "$py" "$here/corpus.py" --all 50000 --out "$work/large.jsonl" >&2
  config=$(load large "$work/large.jsonl")
  serve "$config"
  large=$("$py" "$here/evaluate.py" "$work/large.jsonl" --port "$port" --mode timing --sample 1000)
  stop
fi

"$py" - "$baseline" "$with_tags" "$without_tags" "$large" <<'PY'
import json, sys
baseline, tags, notags, large = (json.loads(a) for a in sys.argv[1:])
ms = lambda v: "-" if v is None else f"{v:.2f}"
print(f"Corpus: {tags['posts']} Debian package descriptions from 16 archive sections; label = section")
print()
print(f"{'system':<34}{'precision@3':>12}{'precision@5':>12}")
print(f"{'Quire, with tags (debtags)':<34}{tags['p3']:>12.3f}{tags['p5']:>12.3f}")
print(f"{'Quire, without tags':<34}{notags['p3']:>12.3f}{notags['p5']:>12.3f}")
print(f"{'TF-IDF cosine (scikit-learn)':<34}{baseline['p3']:>12.3f}{baseline['p5']:>12.3f}")
print()
print(f"{'related list over HTTP':<34}{'posts':>8}{'median ms':>12}{'p95 ms':>10}")
print(f"{'corpus, with tags':<34}{tags['posts']:>8}{ms(tags['median_ms']):>12}{ms(tags['p95_ms']):>10}")
print(f"{'large corpus':<34}{large['posts']:>8}{ms(large['median_ms']):>12}{ms(large['p95_ms']):>10}")
PY
