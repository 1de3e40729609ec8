#!/usr/bin/env bash
# fleet.html as a person sees it: a small fleet with an outage and a tight capacity, its page
# opened in headless Chromium at 800 and 1400 px (tests/page_in_browser.sh). The screenshots
# go to $SYNCSIM_SHOT_DIR when set (to look at them), else to a temporary directory.
set -u
bin="$1"
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

# 50 browsers for 12 h take well under a second per strategy; capacity 5/s is below the storm
# after the 30 min outage, so every chart has something to show (load, outage, capacity, refusals).
"$bin" fleet --browsers 50 --hours 12 --outage-at 10 --outage-minutes 30 --capacity 5 --out "$tmp/fleet" >"$tmp/out.txt" \
  || fail "syncsim fleet: $(tail -3 "$tmp/out.txt")"
[ -s "$tmp/fleet/fleet.html" ] || fail "syncsim fleet wrote no fleet.html"
grep -q "fleet.html" "$tmp/out.txt" || fail "syncsim fleet does not list fleet.html as written"
# Two charts: the load per strategy and the refusals (a finite capacity).
# (Not exec: the trap must still remove the temporary directory.)
"$here/page_in_browser.sh" "$tmp/fleet/fleet.html" 2 "${SYNCSIM_SHOT_DIR:-$tmp/shots}"
