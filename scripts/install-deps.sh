#!/usr/bin/env bash
# Installs pogen's build and test dependencies, and CI's (clang-format), from Debian 12's
# packages. Idempotent: when every package is already installed it does not call apt at all.
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libyaml-cpp-dev libsqlite3-dev libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev
  catch2
  clang-format  # scripts/ci/format-check.sh
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "pogen: missing packages: ${missing[*]}" >&2
  echo "pogen: run as root, or install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "pogen: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
