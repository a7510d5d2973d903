#!/usr/bin/env bash
# Shared helpers for the OrderDesk scripts. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Repository root, resolved from this file's location (works from any cwd).
OD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian 12 packages needed to build and run OrderDesk.
# shellcheck disable=SC2034 # used by the scripts that source this file
OD_BUILD_PACKAGES=(
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-tools-dev qt6-l10n-tools
    qt6-svg-dev libqt6svg6 qt6-charts-dev libqt6opengl6-dev
    libqt6sql6-sqlite libqt6sql6-psql libhiredis-dev libpq-dev libsqlite3-dev qt6-qpa-plugins
    pkg-config cmake g++ make ninja-build
)

# What building the .deb needs on top (scripts/package.sh and its test): dpkg-shlibdeps for
# the Depends line, file for CPack to find the binaries.
# shellcheck disable=SC2034
OD_PACKAGE_PACKAGES=(dpkg-dev file)

od_log() { printf '==> %s\n' "$*" >&2; }
od_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# od_require_packages PKG... — install whichever of PKG are missing (root), or print the
# command that would (non-root) and exit 1.
od_require_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != *" ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]} == 0)) && return 0

    if [[ "$(id -u)" -ne 0 ]]; then
        printf 'missing packages; install them with:\n  sudo apt-get install -y %s\n' \
            "${missing[*]}" >&2
        exit 1
    fi
    od_log "installing ${missing[*]}"
    if [[ -z "${OD_APT_UPDATED:-}" ]]; then
        apt-get update
        OD_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

# od_fetch_promtool DIR — unpack promtool from Debian's prometheus package into DIR/usr/bin
# (apt-get download + dpkg-deb -x: installing the package would start a Prometheus server).
# tst_http_api runs `promtool check metrics` on /metrics when promtool is on the PATH.
od_fetch_promtool() {
    local dir="$1"
    if command -v promtool >/dev/null; then return 0; fi
    mkdir -p "$dir"
    if (cd "$dir" && apt-get download prometheus >/dev/null 2>&1) &&
        dpkg-deb -x "$dir"/prometheus_*.deb "$dir/root"; then
        export PATH="$dir/root/usr/bin:$PATH"
    else
        od_log "promtool unavailable (apt-get download prometheus failed): /metrics is not linted"
    fi
}

# od_install_newman — newman (npm), which runs the Postman collection in docs/postman; Node and
# npm from Debian when the machine has none.
od_install_newman() {
    command -v npm >/dev/null || od_require_packages nodejs npm
    if [[ ! -x "$OD_ROOT/docs/postman/node_modules/.bin/newman" ]]; then
        od_log "installing newman (npm ci in docs/postman)"
        npm ci --prefix "$OD_ROOT/docs/postman" --no-audit --no-fund >&2
    fi
}

# od_build BUILD_DIR [BUILD_TYPE] — configure (first time) and build the project.
od_build() {
    local dir="$1" type="${2:-RelWithDebInfo}" gen=()
    # Pick Ninja only for a fresh build dir: CMake refuses to switch generators later.
    if [[ -x /usr/bin/ninja && ! -f "$dir/CMakeCache.txt" ]]; then
        gen=(-G Ninja)
    fi
    od_log "building into $dir ($type)"
    # The build talks on stderr: stdout is the program's, whose first line says where it listens.
    cmake -S "$OD_ROOT" -B "$dir" "${gen[@]}" -DCMAKE_BUILD_TYPE="$type" >&2
    cmake --build "$dir" -j "$(nproc)" >&2
}

# --- private Redis and PostgreSQL, for the tests and the benchmark ---------------------------
# od_start_redis DIR and od_start_postgres DIR DB [postgres -c options...] start servers on free
# 127.0.0.1 ports with their data in DIR (which the postgres user must be able to reach) and
# set OD_REDIS_PORT / OD_PG_PORT; od_stop_servers stops whatever was started.
OD_PG_BIN=/usr/lib/postgresql/15/bin
OD_REDIS_PID=""
OD_PG_DATA=""

# A port in 20000-32767 (below Linux's ephemeral range) that nothing on 127.0.0.1 answers on.
od_free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 12768))
        if [[ "$port" != "${1:-}" ]] && ! (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# PostgreSQL refuses to run as root: run its tools as the postgres user then (from /, which
# that user can read, unlike the caller's working directory perhaps).
od_as_pg() {
    if [[ "$(id -u)" -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# od_wait_until SECONDS WHAT CMD... — poll CMD until it succeeds, for at most SECONDS.
od_wait_until() {
    local limit="$1" what="$2" deadline=$((SECONDS + $1))
    shift 2
    until "$@"; do
        ((SECONDS < deadline)) || od_die "$what did not answer within ${limit}s"
        sleep 0.2
    done
}

# shellcheck disable=SC2317 # invoked through od_wait_until
od_redis_ready() {
    kill -0 "$OD_REDIS_PID" 2>/dev/null || { cat "$1/redis.log" >&2; od_die "redis exited"; }
    [[ "$(redis-cli -h 127.0.0.1 -p "$OD_REDIS_PORT" ping 2>/dev/null)" == PONG ]]
}

od_start_redis() {
    local dir="$1"
    OD_REDIS_PORT="$(od_free_port)"
    od_log "starting redis on 127.0.0.1:$OD_REDIS_PORT"
    redis-server --port "$OD_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
        --dir "$dir" --daemonize no >"$dir/redis.log" 2>&1 &
    OD_REDIS_PID=$!
    od_wait_until 30 redis od_redis_ready "$dir"
}

od_start_postgres() {
    local dir="$1" db="$2" options=""
    shift 2
    for option in "$@"; do options+=" -c $option"; done
    OD_PG_PORT="$(od_free_port "${OD_REDIS_PORT:-}")"
    OD_PG_DATA="$dir/pg"
    od_log "starting postgresql on 127.0.0.1:$OD_PG_PORT"
    mkdir "$OD_PG_DATA"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$OD_PG_DATA"; fi
    od_as_pg "$OD_PG_BIN/initdb" -D "$OD_PG_DATA" --auth=trust -U orderdesk --encoding=UTF8 \
        --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; od_die "initdb failed"; }
    od_as_pg "$OD_PG_BIN/pg_ctl" -D "$OD_PG_DATA" -l "$OD_PG_DATA/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $OD_PG_PORT -k $OD_PG_DATA$options" start >/dev/null ||
        { cat "$OD_PG_DATA/server.log" >&2; od_die "postgresql did not start"; }
    od_wait_until 30 postgresql "$OD_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$OD_PG_PORT"
    "$OD_PG_BIN/createdb" -h 127.0.0.1 -p "$OD_PG_PORT" -U orderdesk "$db"
}

od_stop_servers() {
    if [[ -n "$OD_REDIS_PID" ]]; then
        od_log "stopping redis"
        kill "$OD_REDIS_PID" 2>/dev/null
        wait "$OD_REDIS_PID" 2>/dev/null
        OD_REDIS_PID=""
    fi
    if [[ -n "$OD_PG_DATA" && -f "$OD_PG_DATA/postmaster.pid" ]]; then
        od_log "stopping postgresql"
        od_as_pg "$OD_PG_BIN/pg_ctl" -D "$OD_PG_DATA" -m fast -w stop >/dev/null
    fi
}
