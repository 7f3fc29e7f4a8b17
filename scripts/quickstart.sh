#!/usr/bin/env bash
# The main job on the built-in fake endpoint: no model, no API key, no network needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh pogen
./build/pogen check --config configs/quickstart.yaml
./build/pogen generate --config configs/quickstart.yaml --out runs/quickstart
echo "candidates: runs/quickstart/candidates.jsonl ($(wc -l < runs/quickstart/candidates.jsonl) prompts)"
