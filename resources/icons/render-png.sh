#!/usr/bin/env bash
# Renders each SVG icon to 16, 32 and 64 px PNGs, for Qt builds without the SVG image plugin.
# Run after editing an SVG; the PNGs are checked in. Needs ImageMagick.
set -euo pipefail
cd "$(dirname "$0")"
for svg in *.svg; do
    name=${svg%.svg}
    for size in 16 32 64; do
        convert -background none -density 1200 "$svg" -resize "${size}x${size}" "PNG32:${name}-${size}.png"
    done
done
