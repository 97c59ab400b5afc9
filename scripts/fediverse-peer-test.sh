#!/usr/bin/env bash
# Runs scripts/fediverse-peer-test.py, the fake fediverse server, against the quire binary.
# Its Python packages go into .build-peer-venv/ (ignored by git), pinned so runs are repeatable:
# cryptography for RSA, requests, and http-message-signatures, which signs with RFC 9421 by an
# implementation independent of Quire's.
set -euo pipefail
quire=$(realpath "${1:-.build/debug/quire}")
repo=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo/.build-peer-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import http_message_signatures, cryptography, requests' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "cryptography==50.0.2" "requests==2.34.2" "http-message-signatures==3.0.0"
fi
exec "$venv/bin/python" "$repo/scripts/fediverse-peer-test.py" "$quire"
