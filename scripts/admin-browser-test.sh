#!/usr/bin/env bash
# The admin walked in a real browser, twice (JavaScript on, then off), each time on a new blog:
# scripts/admin_browser_walk.py says what it does. It needs Debian's chromium and
# chromium-driver (.ci/run installs them) and puts selenium and axe-selenium-python from PyPI
# into a venv under .build/. Each walk is bounded to 3 minutes.
#   scripts/admin-browser-test.sh [BINARY] [--screenshots DIR]
set -euo pipefail
quire=$(realpath "${1:-.build/debug/quire}")
shift || true
screenshots=""
if [ "${1:-}" = "--screenshots" ]; then screenshots=$(realpath -m "$2"); fi
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/../.build/browser-venv"
port=${BROWSER_TEST_PORT:-18090}

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium, axe_selenium_python' 2>/dev/null; then
  echo "browser test: installing selenium and axe-selenium-python into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q selenium axe-selenium-python
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

walk() {
  local mode=$1; shift
  rm -rf "$work/blog" && mkdir -p "$work/blog"
  printf '{ "site": { "base_url": "http://127.0.0.1:%s" }, "server": { "port": %s } }\n' "$port" "$port" >"$work/blog/quire.json"
  (cd "$work/blog" && exec "$quire" serve --config quire.json >serve.log 2>&1) &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  local link
  link=$(grep -o 'http://[^ ]*/admin/welcome?token=[A-Za-z0-9_-]*' "$work/blog/serve.log" | head -n 1)
  [ -n "$link" ] || { echo "browser test: quire serve printed no first-admin link"; cat "$work/blog/serve.log"; exit 1; }
  timeout 180 "$venv/bin/python" "$here/admin_browser_walk.py" "http://127.0.0.1:$port" "$link" "$@" || { tail -n 20 "$work/blog/serve.log"; exit 1; }
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

walk js ${screenshots:+--screenshots "$screenshots"}
walk nojs --no-javascript
echo "browser test: both walks passed"
