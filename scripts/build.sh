#!/usr/bin/env bash
# Configures and builds pogen into build/ (Release with debug info, warnings as errors).
# Usage: scripts/build.sh [ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if [[ ! -f build/build.ninja ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOGEN_WERROR=ON >/dev/null
fi
ninja -C build "$@"
