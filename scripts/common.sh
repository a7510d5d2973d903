#!/usr/bin/env bash
# Shared helpers for the OrderDesk scripts. Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Repository root, resolved from this file's location (works from any cwd).
OD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian 12 packages needed to build and run OrderDesk.
# shellcheck disable=SC2034 # used by the scripts that source this file
OD_BUILD_PACKAGES=(
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-tools-dev qt6-l10n-tools
    libqt6sql6-sqlite libqt6sql6-psql libhiredis-dev qt6-qpa-plugins
    pkg-config cmake g++ make ninja-build
)

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
