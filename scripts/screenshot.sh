#!/usr/bin/env bash
# Renders the HTML stance matrix (and timeline) of the seed data in headless Chromium
# and saves screenshots, so a person can look at what an editor will see.
# Needs Chromium: apt-get install chromium. Run by hand; not part of CI.
#
#   scripts/screenshot.sh [OUT_DIR]      # default: docs/
#   PROVTRACK_BIN=target/debug/provtrack scripts/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# PROVTRACK_BIN=target/debug/provtrack skips the release build.
bin=${PROVTRACK_BIN:-target/release/provtrack}
[ -n "${PROVTRACK_BIN:-}" ] || cargo build --quiet --release
"$bin" --db "$tmp/seed.db" seed >/dev/null 2>&1
"$bin" --db "$tmp/seed.db" report matrix --plan us-28-point-plan --format html >"$tmp/matrix.html"
"$bin" --db "$tmp/seed.db" report timeline --actor zelensky --format html >"$tmp/timeline.html"
# The flags keep Chromium from reaching for the network, which this page never needs.
shoot() {
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --user-data-dir="$tmp/profile" --window-size="$3" \
    --screenshot="$2" "file://$1" 2>/dev/null
}
# Desktop at 1280 px (where dates used to wrap) and a phone (412 px wide).
shoot "$tmp/matrix.html" "$out/matrix.png" 1280,1000
shoot "$tmp/matrix.html" "$out/matrix-phone.png" 412,900
# The phone matrix scrolled down and sideways (a script added to this copy only): the
# corner header stays above the provision headers and actor names scrolling under it.
sed 's|</body>|<script>document.querySelector(".scroll").scrollLeft = 260; window.scrollTo(0, 300);</script></body>|' \
  "$tmp/matrix.html" >"$tmp/matrix-scrolled.html"
shoot "$tmp/matrix-scrolled.html" "$out/matrix-phone-scrolled.png" 412,900
# Opened cells (a copy with every cell of the first actor rows open): the date, the
# source by outlet and title (a link when it has a URL), the attribution and quote.
sed 's|<details>|<details open>|g' "$tmp/matrix.html" >"$tmp/matrix-open.html"
shoot "$tmp/matrix-open.html" "$out/matrix-cells.png" 1280,1000
shoot "$tmp/timeline.html" "$out/timeline.png" 1280,1000
shoot "$tmp/timeline.html" "$out/timeline-phone.png" 412,900
echo "wrote $out/matrix.png, $out/matrix-phone.png, $out/matrix-phone-scrolled.png, $out/matrix-cells.png, $out/timeline.png and $out/timeline-phone.png"
