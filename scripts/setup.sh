#!/usr/bin/env bash
# Installs what syncsim needs: Debian packages for the build, the tests and the browser test
# (and SpiderMonkey, which runs the extension's TypeScript in sim/js/; shellcheck for the CI
# examples' scripts; clang with its libFuzzer
# runtime for fuzz/), the chart libraries
# report.html inlines, the extension's TypeScript toolchain and the linters of the CI examples
# in docs/ci/ (npm, each pinned by its package-lock.json).
# Idempotent, and quick when everything is there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build python3
  catch2 librapidcheck-dev nlohmann-json3-dev libfmt-dev libcli11-dev libbenchmark-dev libmozjs-102-dev pkg-config
  chromium shellcheck
  clang libclang-rt-14-dev
)
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f reports/web/node_modules/vega-embed/build/vega-embed.min.js ]; then
  echo "setup: installing the chart libraries (reports/web)"
  npm ci --prefix reports/web --no-audit --no-fund --loglevel=error
fi

if [ ! -d extension/node_modules ]; then
  echo "setup: installing the extension's TypeScript toolchain (extension)"
  npm ci --prefix extension --no-audit --no-fund --loglevel=error
fi

if [ ! -d tests/ci-lint/node_modules ]; then
  echo "setup: installing the linters of the CI examples (tests/ci-lint)"
  npm ci --prefix tests/ci-lint --no-audit --no-fund --loglevel=error
fi
