#!/usr/bin/env bash
# Screenshots of the console for the README: starts OrderDesk under Xvfb on a seeded simulated
# market, places orders through the HTTP API with curl (market orders on several pairs, retries,
# a limit order and a sniper order that wait, a cancelled one), then restarts the window on the
# same data for each look and saves PNGs into docs/screenshots/:
#   console-light.png, console-dark.png, console-de.png, console-zh_CN.png,
#   console-market.png (the market watch and the price chart after half a minute of trading),
#   console-retry.png (an order waiting out its back-off after a failed attempt)
#
# Usage: scripts/screenshots.sh [BUILD_DIR]   (default build/; built first when missing)
# Needs Xvfb, ImageMagick (import, convert), xwininfo and curl.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build_dir="${1:-$OD_ROOT/build}"
binary="$build_dir/bin/orderdesk"
out_dir="$OD_ROOT/docs/screenshots"
if [[ ! -x "$binary" ]]; then
    od_require_packages "${OD_BUILD_PACKAGES[@]}"
    od_build "$build_dir"
fi
# The virtual display and the capture tools, and a CJK font: without one the Chinese screenshot
# shows empty boxes for every character (as it did until this line).
od_require_packages xvfb imagemagick x11-utils curl fonts-wqy-microhei
for tool in Xvfb import convert xwininfo curl; do
    command -v "$tool" >/dev/null || od_die "$tool is needed (xvfb, imagemagick, x11-utils, curl)"
done

work="$(mktemp -d)"
xvfb_pid=""
app_pid=""
cleanup() {
    [[ -n "$app_pid" ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
    [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# A display of our own: the first free number from 99 on.
display_number=99
while [[ -e "/tmp/.X${display_number}-lock" ]]; do display_number=$((display_number + 1)); done
export DISPLAY=":$display_number"
Xvfb "$DISPLAY" -screen 0 1440x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do xwininfo -root >/dev/null 2>&1 && break; sleep 0.1; done
xwininfo -root >/dev/null 2>&1 || od_die "Xvfb did not start on $DISPLAY"

data_dir="$work/data"
url=""

# start_console THEME LANG [OPTION...] — the window on the shared data dir, with its own
# settings dir so the theme is the one asked for and the operator's own settings stay untouched.
# Options after LANG come last, so they win over the defaults here.
start_console() {
    local theme="$1" lang="$2" config="$work/config-$1-$2"
    shift 2
    mkdir -p "$config/OrderDesk"
    printf '[view]\ntheme=%s\n' "$theme" >"$config/OrderDesk/console.conf"
    XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=xcb "$binary" \
        --listen 127.0.0.1:0 --data-dir "$data_dir" --seed 42 --latency-scale 0.05 \
        --dex-failure-rate 0.25 --backoff-ms 200 --rate-limit 0 --sim-control --lang "$lang" \
        "$@" >"$work/app.out" 2>"$work/app.err" &
    app_pid=$!
    url=""
    for _ in $(seq 100); do
        url="$(sed -n 's/^listening on //p' "$work/app.out" | head -n1)"
        [[ -n "$url" ]] && break
        kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.err" >&2; od_die "orderdesk exited"; }
        sleep 0.1
    done
    [[ -n "$url" ]] || od_die "orderdesk did not print its URL"
}

stop_console() {
    kill "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
}

window_id() {
    # The top-level with the program's WM_CLASS; Qt's helper windows have none.
    xwininfo -root -tree | awk '/\("orderdesk" "OrderDesk"\)/ { print $1; exit }'
}

# shoot NAME [SECONDS] — the console window, once it is mapped and has painted (and SECONDS
# more have passed: the chart draws what the console saw since it started).
shoot() {
    local id=""
    for _ in $(seq 100); do
        id="$(window_id)"
        [[ -n "$id" ]] && break
        sleep 0.1
    done
    [[ -n "$id" ]] || od_die "no console window on $DISPLAY"
    sleep "${2:-2.5}" # the first status-bar refresh and a quote preview land within this
    import -window "$id" "$out_dir/$1.png"
    od_log "saved docs/screenshots/$1.png ($(identify -format '%wx%h' "$out_dir/$1.png"))"
}

post() { curl -fsS -H 'Content-Type: application/json' -d "$2" "$url$1" >/dev/null; }
order_status() { curl -fsS "$url/api/orders/$1" | tr -d ' \n' | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' | head -n1; }

mkdir -p "$out_dir"

od_log "placing orders"
start_console light en
for order in \
    '{"tokenIn":"SOL","tokenOut":"USDC","amount":"2.5","side":"sell","slippageBps":100}' \
    '{"tokenIn":"USDC","tokenOut":"SOL","amount":"5","swapMode":"ExactOut","side":"buy","slippageBps":80}' \
    '{"tokenIn":"SOL","tokenOut":"BONK","amount":"1.2","side":"sell","slippageBps":300}' \
    '{"tokenIn":"USDC","tokenOut":"JUP","amount":"600","swapMode":"ExactOut","side":"buy"}' \
    '{"tokenIn":"RAY","tokenOut":"USDC","amount":"180","side":"sell","slippageBps":120}' \
    '{"tokenIn":"SOL","tokenOut":"WIF","amount":"4","side":"sell","slippageBps":250}' \
    '{"tokenIn":"USDT","tokenOut":"USDC","amount":"5000","slippageBps":10}' \
    '{"tokenIn":"SOL","tokenOut":"USDC","amount":"0.75","side":"sell"}' \
    '{"tokenIn":"USDC","tokenOut":"SOL","amount":"8","swapMode":"ExactOut","side":"buy","slippageBps":150}' \
    '{"tokenIn":"JUP","tokenOut":"SOL","amount":"900","side":"sell","slippageBps":200}' \
    '{"tokenIn":"SOL","tokenOut":"USDC","amount":"10","side":"sell","slippageBps":60}' \
    '{"tokenIn":"USDC","tokenOut":"BONK","amount":"10000000","swapMode":"ExactOut","side":"buy","slippageBps":400}'; do
    post /api/orders/execute "$order"
done
# Orders that wait: a limit far above the market, a sniper for a token not launched yet.
post /api/orders/execute '{"tokenIn":"SOL","tokenOut":"USDC","amount":"3","type":"limit","limitPrice":"400","expiresInSec":86400,"side":"sell"}'
post /api/orders/execute '{"tokenIn":"USDC","tokenOut":"MOONCAT","amount":"100","type":"sniper","slippageBps":1500}'
cancel_id="$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"tokenIn":"SOL","tokenOut":"USDC","amount":"1","type":"limit","limitPrice":"900"}' \
    "$url/api/orders/execute" | sed -n 's/.*"orderId": *"\([^"]*\)".*/\1/p')"
curl -fsS -X DELETE "$url/api/orders/$cancel_id" >/dev/null
# A last market order: the newest row, selected when the window opens on these orders.
post /api/orders/execute '{"tokenIn":"SOL","tokenOut":"USDC","amount":"1.5","side":"sell","slippageBps":100}'
# Every order at rest (confirmed, failed, waiting or cancelled) before the pictures.
for _ in $(seq 100); do
    open="$(curl -fsS "$url/api/queue/metrics" | tr -d ' \n' | grep -o '"active":[0-9]*\|"waiting":[0-9]*\|"delayed":[0-9]*' | grep -vc ':0$' || true)"
    [[ "$open" == 0 ]] && break
    sleep 0.2
done
sleep 1
stop_console

od_log "taking screenshots"
start_console light en
shoot console-light
stop_console
start_console dark en
shoot console-dark
stop_console
start_console light de
shoot console-de
stop_console
start_console dark zh_CN
shoot console-zh_CN
stop_console

# The market side: half a minute of prices on both venues, with buys and sells of SOL/USDC
# marked on the chart as they fill.
start_console light en
for round in 1 2 3 4 5 6; do
    sleep 4
    if (( round % 2 )); then
        post /api/orders/execute '{"tokenIn":"SOL","tokenOut":"USDC","amount":"40","side":"sell","slippageBps":200}'
    else
        post /api/orders/execute '{"tokenIn":"USDC","tokenOut":"SOL","amount":"30","swapMode":"ExactOut","side":"buy","slippageBps":200}'
    fi
done
shoot console-market 6
stop_console

# A retry in view: a market that drops every transaction and a back-off of ten minutes, so the
# order is still waiting for its second attempt when the window opens on it (the newest order).
start_console light en --dex-failure-rate 1 --backoff-ms 600000 --max-attempts 3
retry_id="$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"tokenIn":"SOL","tokenOut":"USDC","amount":"2","side":"sell","slippageBps":100}' \
    "$url/api/orders/execute" | sed -n 's/.*"orderId": *"\([^"]*\)".*/\1/p')"
for _ in $(seq 300); do
    [[ "$(order_status "$retry_id")" == retrying ]] && break
    sleep 0.2
done
[[ "$(order_status "$retry_id")" == retrying ]] || od_die "order $retry_id did not retry"
stop_console
start_console light en --dex-failure-rate 1 --backoff-ms 600000 --max-attempts 3
shoot console-retry
stop_console
