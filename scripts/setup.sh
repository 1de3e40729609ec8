#!/usr/bin/env bash
# Installs what syncsim needs from Debian's packages. Idempotent, and quick when all is there.
set -euo pipefail

packages=(
  g++ cmake ninja-build
  catch2 librapidcheck-dev nlohmann-json3-dev libfmt-dev libcli11-dev libbenchmark-dev
)

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
