#!/usr/bin/env bash
# A syncsim HTML page (reports/html_page.hpp) as a person sees it: headless Chromium opens it
# from disk, offline, in a narrow (800 px) and a wide (1400 px) window. At each width the page
# must log no error, render every chart (<body data-rendered="N">) as an SVG with marks in it,
# and give a screenshot that is not blank; at 800 px no chart may be wider than the window.
#
#   tests/page_in_browser.sh PAGE.html EXPECTED_CHARTS SHOT_DIR
#
# Screenshots are kept as SHOT_DIR/<page name>-<width>.png, for a person to look at.
set -u
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }
[ $# -eq 3 ] || fail "usage: $0 PAGE.html EXPECTED_CHARTS SHOT_DIR"
page="$1" expected="$2" shots="$3"
[ -f "$page" ] || fail "no such page: $page"
[[ "$expected" =~ ^[0-9]+$ ]] || fail "EXPECTED_CHARTS: expected a whole number, found '$expected'"
mkdir -p "$shots" || fail "cannot create $shots"
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || fail "chromium is not installed (./scripts/setup.sh installs it)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
url="file://$(realpath "$page")"
name=$(basename "$page" .html)
# The flags that work in this container (no sandbox, no GPU, no network); the virtual time
# budget lets the page's scripts finish before the DOM is dumped or the screenshot taken.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --hide-scrollbars --virtual-time-budget=15000)

for width in 800 1400; do
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$tmp/dom-$width" --window-size="$width,4000" --dump-dom "$url" \
    >"$tmp/dom-$width.html" 2>"$tmp/dom-$width.err" || fail "$width px: chromium --dump-dom (see its stderr: $(tail -3 "$tmp/dom-$width.err"))"
  # The rendered DOM: the count, the error box, each chart's SVG and (narrow window) its width.
  report=$(python3 - "$tmp/dom-$width.html" "$expected" "$width" <<'PY'

import re, sys
from html.parser import HTMLParser
html, expected, width = open(sys.argv[1]).read(), sys.argv[2], int(sys.argv[3])

class Charts(HTMLParser):
    """Each <div class="chart" id=...>, wherever the page places it: its SVG's width and marks."""
    def __init__(self):
        super().__init__()
        self.charts, self.open, self.depth = [], None, 0
        self.rendered, self.errors, self.in_errors = None, None, False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body": self.rendered = a.get("data-rendered")
        if tag == "pre" and a.get("id") == "errors": self.errors, self.in_errors = "", True
        if self.open is not None:
            if tag == "div": self.depth += 1
            if tag == "svg" and self.open["svgs"] == 0: self.open["width"] = a.get("width")
            self.open["svgs"] += tag == "svg"
            self.open["paths"] += tag == "path"
        elif tag == "div" and "chart" in (a.get("class") or "").split():
            self.open, self.depth = {"id": a.get("id"), "svgs": 0, "paths": 0, "width": None}, 1
            self.charts.append(self.open)
    def handle_endtag(self, tag):
        if tag == "pre": self.in_errors = False
        if self.open is not None and tag == "div":
            self.depth -= 1
            if self.depth == 0: self.open = None
    def handle_data(self, data):
        if self.in_errors: self.errors += data

page = Charts()
page.feed(html)
problems = []
if page.rendered != expected:
    problems.append("data-rendered is %s, expected %s" % (page.rendered or "missing", expected))
if page.errors is None:
    problems.append('no <pre id="errors"> in the page')
elif page.errors.strip():
    problems.append("the page logged errors: " + page.errors.strip())
if len(page.charts) != int(expected):
    problems.append("%d chart containers, expected %s" % (len(page.charts), expected))
for c in page.charts:
    if c["svgs"] == 0 or c["paths"] < 3:
        problems.append("chart %s is empty (no SVG with marks)" % c["id"])
    # A chart wider than a narrow window pushes its right side (or its legend) off screen.
    elif width == 800 and not (c["width"] and re.fullmatch(r"[0-9.]+", c["width"]) and float(c["width"]) <= width):
        problems.append("chart %s is %s px wide, wider than the %d px window" % (c["id"], c["width"], width))
print("; ".join(problems) if problems else "svg widths: " + ", ".join("%s %s" % (c["id"], c["width"]) for c in page.charts))
sys.exit(1 if problems else 0)
PY
) || fail "$name at $width px: $report"
  shot="$shots/$name-$width.png"
  rm -f "$shot"
  timeout 120 "$browser" "${flags[@]}" --user-data-dir="$tmp/shot-$width" --window-size="$width,4000" --screenshot="$shot" \
    "$url" >/dev/null 2>"$tmp/shot-$width.err" || fail "$width px: chromium --screenshot"
  [ -s "$shot" ] || fail "$width px: no screenshot written to $shot"
  python3 - "$shot" <<'PY' || fail "$width px: the screenshot $shot is blank"
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
  echo "ok: $name at $width px: $expected chart(s) rendered, no page errors, $report, screenshot not blank ($shot)"
done
echo "1 passed, 0 failed"
