# Shared by the smoke tests: sourced, never run. `check NAME COMMAND...` runs the command quietly
# and prints one line, "ok   NAME" or "FAIL NAME", counting both; `stop_server` ends the server
# the script started (its pid in server_pid), if it runs.
passed=0
failed=0
server_pid=""

check() {
  local name=$1; shift
  if "$@" >/dev/null 2>&1; then
    echo "ok   $name"; passed=$((passed + 1))
  else
    echo "FAIL $name"; failed=$((failed + 1))
  fi
}

stop_server() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  server_pid=""
}
