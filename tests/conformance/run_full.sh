#!/usr/bin/env bash
# The whole conformance suite in one command: every behaviour and the scripted story in real
# Chromium (about 17 minutes, mostly waiting for 30 s idle timers), then the comparison with the
# model's defaults written to docs/conformance.md.
# Usage: tests/conformance/run_full.sh [SYNCSIM]   (default: build/release/cli/syncsim)
# Writes tests/conformance/results/conformance-full.json, results/story.json (when the story ran
# whole) and docs/conformance.md. The new run is judged together with the runs kept as
# results/conformance-full-*.json (one made on a loaded machine): latencies move with load, and
# the model's ranges must cover every run. Contacts no address but loopback; stops every process it starts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
syncsim="$(realpath -m "${1:-$root/build/release/cli/syncsim}")"
[ -x "$syncsim" ] || { echo "run_full.sh: no syncsim at $syncsim (build it: cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
for tool in /usr/bin/chromium node npm; do
  command -v "$tool" >/dev/null || { echo "run_full.sh: $tool not found (scripts/setup.sh installs it)" >&2; exit 2; }
done
cd "$here"
[ -f node_modules/puppeteer-core/package.json ] || npm ci --no-audit --no-fund
# Measure into temporary files; the committed results change only when the run completed.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
timeout --kill-after=30 2400 node run.mjs --full --out "$tmp/conformance-full.json" --story-out "$tmp/story.json"
"$syncsim" conformance "$tmp/conformance-full.json" results/conformance-full-*.json --out "$root/docs/conformance.md"
cp "$tmp/conformance-full.json" results/conformance-full.json
[ -s "$tmp/story.json" ] && cp "$tmp/story.json" results/story.json
echo "run_full.sh: wrote results/conformance-full.json, results/story.json and docs/conformance.md"
