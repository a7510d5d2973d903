#!/usr/bin/env bash
# Starts a real orderdesk (headless, embedded backends, a data dir of its own, no simulated
# delays), runs COMMAND with ORDERDESK_URL set to where it listens, stops it, and exits with
# COMMAND's status. What the client-facing tests (Postman collection, example client) run in.
#   tests/with_server.sh ORDERDESK_BINARY COMMAND [ARGS...]
set -euo pipefail
binary="$1"
shift

tmp="$(mktemp -d -t orderdesk-client.XXXXXX)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then
        kill -TERM "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

"$binary" --no-gui --listen 127.0.0.1:0 --data-dir "$tmp/data" --latency-scale 0 \
    --dex-failure-rate 0 --client-rate-limit 0 >"$tmp/server.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 300); do
    url="$(grep -o 'listening on http://[^ ]*' "$tmp/server.log" | head -1 | cut -d' ' -f3 || true)"
    [[ -n "$url" ]] && break
    kill -0 "$server" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "orderdesk exited" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$url" ]] || { cat "$tmp/server.log" >&2; echo "orderdesk did not listen within 30 s" >&2; exit 1; }

ORDERDESK_URL="$url" "$@"
