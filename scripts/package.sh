#!/usr/bin/env bash
# Builds the OrderDesk .deb: a Release build configured for /usr (build-package/), then
# `cpack -G DEB`. The package is written to the repository root (or to $1):
#   scripts/package.sh && sudo apt install ./orderdesk_*.deb
# Environment: ORDERDESK_PACKAGE_BUILD_DIR=DIR to build elsewhere.
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out_dir="$(realpath "${1:-$OD_ROOT}")"
build_dir="${ORDERDESK_PACKAGE_BUILD_DIR:-$OD_ROOT/build-package}"

od_require_packages "${OD_BUILD_PACKAGES[@]}" "${OD_PACKAGE_PACKAGES[@]}"
gen=()
if [[ -x /usr/bin/ninja && ! -f "$build_dir/CMakeCache.txt" ]]; then
    gen=(-G Ninja)
fi
od_log "building the release into $build_dir"
cmake -S "$OD_ROOT" -B "$build_dir" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF >&2
cmake --build "$build_dir" -j "$(nproc)" >&2

od_log "packaging"
rm -f "$build_dir"/orderdesk_*.deb
(cd "$build_dir" && cpack -G DEB >&2)
mkdir -p "$out_dir"
for deb in "$build_dir"/orderdesk_*.deb; do
    mv -f "$deb" "$out_dir/"
    od_log "wrote $out_dir/$(basename "$deb")"
done
