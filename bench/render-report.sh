#!/bin/sh
# Screenshots the simulation report (or any HTML/SVG file) with headless Chromium, to look at it.
# Not part of the build. Needs Debian's chromium (apt-get install -y chromium).
# usage: bench/render-report.sh target/ratelimit/vendor-gateway-simulation.html /tmp/report.png [1280,2600]
set -eu
file=$1
png=${2:-/tmp/report.png}
size=${3:-1280,2600}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$png" --window-size="$size" "file://$(realpath "$file")"
echo "wrote $png"
