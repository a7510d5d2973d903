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

PG_BIN=/usr/lib/postgresql/15/bin
build_dir="${ORDERDESK_BUILD_DIR:-$OD_ROOT/build}"

od_require_packages "${OD_BUILD_PACKAGES[@]}" redis-server postgresql
if [[ "${ORDERDESK_SKIP_BUILD:-0}" == 1 ]]; then
    od_log "skipping the build (ORDERDESK_SKIP_BUILD=1)"
else
    od_build "$build_dir"
fi

# A port in 20000-32767 (below Linux's ephemeral range) that nothing on 127.0.0.1 answers on.
free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12768))
        if [[ "$port" != "${1:-}" ]] && ! (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
as_pg() {
    if [[ "$(id -u)" -eq 0 ]]; then
        (cd "$tmp" && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# wait_until SECONDS WHAT CMD... — poll CMD until it succeeds, for at most SECONDS.
wait_until() {
    local limit="$1" what="$2" deadline=$((SECONDS + $1))
    shift 2
    until "$@"; do
        ((SECONDS < deadline)) || od_die "$what did not answer within ${limit}s"
        sleep 0.2
    done
}

redis_pid=""
pg_data=""
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
    local rc=$?
    set +e
    if [[ -n "$redis_pid" ]]; then
        od_log "stopping redis"
        kill "$redis_pid" 2>/dev/null
        wait "$redis_pid" 2>/dev/null
    fi
    if [[ -f "$pg_data/postmaster.pid" ]]; then
        od_log "stopping postgresql"
        as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -m fast -w stop >/dev/null
    fi
    rm -rf "$tmp"
    exit "$rc"
}
tmp="$(mktemp -d -t orderdesk-test.XXXXXX)"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
chmod 711 "$tmp" # the postgres user must reach its data dir inside

# --- Redis ----------------------------------------------------------------------------------
redis_port="$(free_port)"
od_log "starting redis on 127.0.0.1:$redis_port"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$tmp" --daemonize no >"$tmp/redis.log" 2>&1 &
redis_pid=$!
# shellcheck disable=SC2317 # invoked through wait_until
redis_ready() {
    kill -0 "$redis_pid" 2>/dev/null || { cat "$tmp/redis.log" >&2; od_die "redis exited"; }
    [[ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" == PONG ]]
}
wait_until 30 redis redis_ready

# --- PostgreSQL -----------------------------------------------------------------------------
pg_port="$(free_port "$redis_port")"
pg_data="$tmp/pg"
od_log "starting postgresql on 127.0.0.1:$pg_port"
mkdir "$pg_data"
if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$pg_data"; fi
as_pg "$PG_BIN/initdb" -D "$pg_data" --auth=trust -U orderdesk --encoding=UTF8 --no-locale \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; od_die "initdb failed"; }
as_pg "$PG_BIN/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data" start >/dev/null ||
    { cat "$pg_data/server.log" >&2; od_die "postgresql did not start"; }
wait_until 30 postgresql "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$pg_port"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$pg_port" -U orderdesk orderdesk_test

export ORDERDESK_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
export ORDERDESK_TEST_DATABASE_URL="postgresql://orderdesk@127.0.0.1:$pg_port/orderdesk_test"
# GUI tests need a platform plugin; without a display use the offscreen one.
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
fi

# --- Tests ----------------------------------------------------------------------------------
od_log "running tests (redis $ORDERDESK_TEST_REDIS_URL, postgres $ORDERDESK_TEST_DATABASE_URL)"
rc=0
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 --timeout 600 "$@" || rc=$?
od_log "ctest exited with $rc"
exit "$rc"
