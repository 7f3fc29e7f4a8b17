#!/usr/bin/env bash
# The main job on the built-in fake endpoint: no model, no API key, no network needed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh pogen
./build/pogen build-dataset --config configs/quickstart.yaml --out runs/quickstart
echo "dataset: runs/quickstart/dpo.jsonl ($(wc -l < runs/quickstart/dpo.jsonl) pairs)," \
  "runs/quickstart/kto.jsonl ($(wc -l < runs/quickstart/kto.jsonl) examples); see README.md"
