#!/usr/bin/env bash
# report.html as a person sees it: headless Chromium opens it from disk, offline; the page
# must log no error, every chart must render an SVG, and a screenshot must not be blank.
set -u
bin="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || fail "chromium is not installed (./scripts/setup.sh installs it)"

"$bin" report --profiles default-day,backend-500-retry-with-backoff --out "$tmp/rep" >/dev/null || fail "syncsim report"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --virtual-time-budget=15000)
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$tmp/p1" --dump-dom "file://$tmp/rep/report.html" \
  >"$tmp/dom.html" 2>"$tmp/err1" || fail "chromium --dump-dom"
grep -q 'data-rendered="5"' "$tmp/dom.html" || fail "not every chart rendered: $(grep -o 'data-rendered="[^"]*"' "$tmp/dom.html")"
errors=$(sed -n 's/.*<pre id="errors">\([^<]*\)<\/pre>.*/\1/p' "$tmp/dom.html")
[ -z "$errors" ] || fail "the page logged errors: $errors"
for id in chart-latency chart-dashboard chart-api chart-retries chart-queue; do
  # each chart's container holds an SVG with marks in it
  python3 - "$tmp/dom.html" "$id" <<'PY' || fail "chart $id is empty"
import re, sys
html = open(sys.argv[1]).read()
m = re.search(r'<div class="chart[^"]*" id="%s"[^>]*>(.*?)</div>\s*(<div class="chart|<pre id="errors")' % sys.argv[2], html, re.S)
sys.exit(0 if m and "<svg" in m.group(1) and m.group(1).count("<path") >= 3 else 1)
PY
done
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$tmp/p2" --window-size=1200,4000 --screenshot="$tmp/shot.png" \
  "file://$tmp/rep/report.html" >/dev/null 2>"$tmp/err2" || fail "chromium --screenshot"
python3 - "$tmp/shot.png" <<'PY' || fail "the screenshot is blank"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR": w, h = struct.unpack(">II", body[:8])
    if kind == b"IDAT": idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
# Distinct byte values across the image: a blank page has a handful, charts have many.
sys.exit(0 if len(set(raw[:: max(1, len(raw) // 200000)])) > 20 and w > 0 and h > 0 else 1)
PY
echo "ok: 5 charts rendered, no page errors, screenshot not blank"
echo "1 passed, 0 failed"
