#!/usr/bin/env bash
# Checks the API against its OpenAPI document: validates GET /api/openapi.json with
# openapi-spec-validator, then runs schemathesis against a live server with a bounded number of
# examples per operation, failing on any 5xx and on any answer the document does not allow.
# Python tools go into .build-api-venv/ (ignored by git), pinned so runs are repeatable.
set -euo pipefail
quire=$(realpath "${1:-.build/debug/quire}")
port=${CONTRACT_PORT:-18090}
examples=${CONTRACT_EXAMPLES:-30}
repo=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo/.build-api-venv"
work=$(mktemp -d)
server_pid=""

cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==4.32.5" "openapi-spec-validator==0.9.0"
fi

# A site where the contract run can do everything: no comment holds or rate limit, so the
# write routes are exercised rather than refused.
cat >"$work/quire.json" <<JSON
{
  "server": { "host": "127.0.0.1", "port": $port },
  "database": { "path": "$work/quire.sqlite" },
  "comments": { "moderation": "open", "comment_rate_limit": 0 }
}
JSON
"$quire" migrate --config "$work/quire.json" >/dev/null
token=$("$quire" token create --name contract --config "$work/quire.json" | tail -n 1)
"$quire" serve --config "$work/quire.json" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

curl -fs "http://127.0.0.1:$port/api/openapi.json" -o "$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

cd "$work"
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/openapi.json" \
  --url "http://127.0.0.1:$port" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,unsupported_method,allow_header_conformance \
  --max-examples "$examples" \
  --seed 1 \
  --workers 2 \
  --no-color
