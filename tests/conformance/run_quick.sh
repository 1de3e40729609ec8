#!/usr/bin/env bash
# ctest-friendly quick conformance run: node run.mjs --quick, bounded to 300 s.
# Usage: run_quick.sh OUT.json   (exit 0 = extension loaded and every quick measurement
# present; 77 = no Chromium/Node on this machine; anything else = failure)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath -m "${1:-conformance-quick.json}")"

for tool in /usr/bin/chromium node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "run_quick.sh: $tool not found" >&2
    exit 77
  fi
done

cd "$here"
if [ ! -f node_modules/puppeteer-core/package.json ]; then
  npm ci --no-audit --no-fund
fi
exec timeout --kill-after=20 300 node run.mjs --quick --out "$out"
