#!/usr/bin/env bash
# ctest openapi_lint: Redocly CLI's lint (rules: redocly.yaml beside this script)
# on the OpenAPI document a real trialdesk-server serves, not on a copy that could
# drift. Any error fails; warnings are printed.
#   lint-served-document.sh SERVER_BINARY
# Needs the pinned tools in tests/contract/node_modules (scripts/install-deps) and
# nothing from the network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server=$1
redocly=$here/node_modules/.bin/redocly
[ -x "$redocly" ] || { echo "FAIL: $redocly missing: run scripts/install-deps" >&2; exit 1; }
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$server" --listen 127.0.0.1 --port 0 --data-dir "$tmp/data" --no-request-log >"$tmp/server.log" 2>&1 &
pid=$!
# The kernel picks the port; the server prints it once it listens.
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/server.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log" >&2; echo "FAIL: the server did not start" >&2; exit 1; }
curl -fsS --max-time 30 "http://127.0.0.1:$port/api/v1/openapi.json" -o "$tmp/openapi.json"
# Telemetry off: the test step has no network, and nothing should be sent anyway.
cd "$here"
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  "$redocly" lint --config "$here/redocly.yaml" --format stylish "$tmp/openapi.json"
