#!/usr/bin/env bash
# Build OrderDesk into build/ and start it. Arguments are passed to orderdesk;
# without a display it starts headless (--no-gui).
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# A CJK font for the console's Chinese translation (without one every character is an empty box).
od_require_packages "${OD_BUILD_PACKAGES[@]}" fonts-wqy-microhei
od_build "$OD_ROOT/build"

args=("$@")
headless=0
for arg in "$@"; do
    if [[ "$arg" == --no-gui ]]; then headless=1; fi
done
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" && "$headless" -eq 0 ]]; then
    od_log "no display (DISPLAY and WAYLAND_DISPLAY unset): starting headless with --no-gui"
    args=(--no-gui "${args[@]}")
fi
exec "$OD_ROOT/build/bin/orderdesk" "${args[@]}"
