#!/usr/bin/env bash
# Renders the HTML stance matrix (and timeline) of the seed data in headless Chromium
# and saves screenshots, so a person can look at what an editor will see.
# Needs Chromium: apt-get install chromium. Run by hand; not part of CI.
#
#   scripts/screenshot.sh [OUT_DIR]      # default: docs/
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build --quiet --release
bin=target/release/provtrack
"$bin" --db "$tmp/seed.db" seed >/dev/null 2>&1
"$bin" --db "$tmp/seed.db" report matrix --plan us-28-point-plan --format html >"$tmp/matrix.html"
"$bin" --db "$tmp/seed.db" report timeline --plan us-28-point-plan --format html >"$tmp/timeline.html"
# The flags keep Chromium from reaching for the network, which this page never needs.
shoot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$tmp/profile" --window-size="$3" \
    --screenshot="$2" "file://$1" 2>/dev/null
}
shoot "$tmp/matrix.html" "$out/matrix.png" 1600,1100
shoot "$tmp/matrix.html" "$out/matrix-phone.png" 412,900
shoot "$tmp/timeline.html" "$out/timeline.png" 1200,900
echo "wrote $out/matrix.png, $out/matrix-phone.png and $out/timeline.png"
