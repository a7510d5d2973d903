#!/usr/bin/env bash
# Build OrderDesk and run its CTest suite against a private Redis and PostgreSQL, each on a
# free 127.0.0.1 port with its data in a temp dir; both are stopped and removed on exit.
#
# Arguments are passed to ctest (e.g. scripts/test.sh -R engine -V).
# Environment:
#   ORDERDESK_BUILD_DIR=DIR   build directory (default: build/ at the repo root)
#   ORDERDESK_SKIP_BUILD=1    developer convenience: skip the build, use DIR as it is
# Exported to the tests:
#   ORDERDESK_TEST_REDIS_URL     redis://127.0.0.1:PORT/0
#   ORDERDESK_TEST_DATABASE_URL  postgresql://orderdesk@127.0.0.1:PORT/orderdesk_test
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

build_dir="${ORDERDESK_BUILD_DIR:-$OD_ROOT/build}"

# systemd: systemd-analyze verify of the units (tst_packaging); the packaging tools for its .deb.
# python3-requests and python3-websocket: the example client (examples/), which a test runs.
od_require_packages "${OD_BUILD_PACKAGES[@]}" "${OD_PACKAGE_PACKAGES[@]}" redis-server postgresql \
    systemd python3-requests python3-websocket
od_install_newman
if [[ "${ORDERDESK_SKIP_BUILD:-0}" == 1 ]]; then
    od_log "skipping the build (ORDERDESK_SKIP_BUILD=1)"
else
    od_build "$build_dir"
fi

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
    local rc=$?
    set +e
    od_stop_servers
    rm -rf "$tmp"
    exit "$rc"
}
tmp="$(mktemp -d -t orderdesk-test.XXXXXX)"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 711 "$tmp" # the postgres user must reach its data dir inside

od_fetch_promtool "$tmp/promtool"
od_start_redis "$tmp"
od_start_postgres "$tmp" orderdesk_test
export ORDERDESK_TEST_REDIS_URL="redis://127.0.0.1:$OD_REDIS_PORT/0"
export ORDERDESK_TEST_DATABASE_URL="postgresql://orderdesk@127.0.0.1:$OD_PG_PORT/orderdesk_test"
# GUI tests need a platform plugin; without a display use the offscreen one.
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
fi

# --- Tests ----------------------------------------------------------------------------------
od_log "running tests (redis $ORDERDESK_TEST_REDIS_URL, postgres $ORDERDESK_TEST_DATABASE_URL)"
rc=0
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 --timeout 600 "$@" || rc=$?
od_log "ctest exited with $rc"
if [[ $rc -ne 0 && -f "$build_dir/Testing/Temporary/LastTest.log" ]]; then
    # A failing test's output can run to hundreds of lines; repeat just its assertions last,
    # where a truncated CI log still shows them.
    od_log "failed checks:"
    grep -E -A2 '^(FAIL!|XPASS|QFATAL)' "$build_dir/Testing/Temporary/LastTest.log" | head -60 || true
fi
exit "$rc"
