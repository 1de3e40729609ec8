#!/usr/bin/env bash
# report.html as a person sees it, at 800 and 1400 px (tests/page_in_browser.sh): no page
# error, all six charts rendered with marks, none wider than a narrow window, screenshots not
# blank. Screenshots stay in $SYNCSIM_SHOT_DIR when it is set (to look at), else a temp dir.
set -u
bin="$1"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
"$bin" report --profiles default-day,backend-500-retry-with-backoff --seeds 20 --out "$tmp/rep" >/dev/null || fail "syncsim report"
"$here/page_in_browser.sh" "$tmp/rep/report.html" 6 "${SYNCSIM_SHOT_DIR:-$tmp/shots}"
