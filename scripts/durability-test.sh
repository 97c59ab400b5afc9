#!/usr/bin/env bash
# Shows that an accepted comment is durable once its 303 is sent: comments are posted through
# the form by four clients at once, the server is killed with SIGKILL right after the last 303,
# and the database must then hold every accepted comment and pass PRAGMA integrity_check.
set -uo pipefail
quire=$(realpath "${1:-.build/debug/quire}")
port=${DURABILITY_PORT:-18081}
per_client=${DURABILITY_COMMENTS:-50}
work=$(mktemp -d)
server_pid=""
trap '[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

cat >quire.json <<JSON
{
  "server": { "port": $port },
  "database": { "path": "blog.sqlite" },
  "comments": { "moderation": "open", "comment_rate_limit": 0 }
}
JSON

"$quire" serve --config quire.json >serve.log 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

slug=welcome-to-quire
token=$(curl -fs "http://127.0.0.1:$port/posts/$slug" | grep -o 'name="form_token" value="[^"]*"' | sed 's/.*value="//; s/"$//')
if [ -z "$token" ]; then
  echo "durability: could not read a form token; server log:"; cat serve.log
  echo "durability: 0 passed, 1 failed"; exit 1
fi

post_comments() {
  local client=$1
  for i in $(seq 1 "$per_client"); do
    curl -s -o /dev/null -w '%{http_code}\n' \
      --data-urlencode "comment=Comment $i from client $client" \
      --data-urlencode "author=Client $client" \
      --data-urlencode "email=client$client@example.com" \
      --data "comment_parent=0&form_token=$token" \
      "http://127.0.0.1:$port/posts/$slug/comments"
  done >"codes-$client.txt"
}
client_pids=()
for client in 1 2 3 4; do
  post_comments "$client" &
  client_pids+=($!)
done
wait "${client_pids[@]}"
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=""

accepted=$(cat codes-*.txt | grep -c '^303$')
stored=$(sqlite3 blog.sqlite "SELECT COUNT(*) FROM comment")
integrity=$(sqlite3 blog.sqlite "PRAGMA integrity_check")
echo "durability: $accepted comments answered 303, $stored in the database after SIGKILL, integrity_check: $integrity"

passed=0; failed=0
if [ "$accepted" -eq $((4 * per_client)) ]; then passed=$((passed + 1)); else echo "FAIL not every comment was accepted"; failed=$((failed + 1)); fi
if [ "$stored" -eq "$accepted" ]; then passed=$((passed + 1)); else echo "FAIL accepted comments were lost"; failed=$((failed + 1)); fi
if [ "$integrity" = "ok" ]; then passed=$((passed + 1)); else echo "FAIL integrity_check"; failed=$((failed + 1)); fi
echo "durability: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
