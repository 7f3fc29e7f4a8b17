#!/usr/bin/env bash
# Checks the dependency rule of docs/architecture.md from the include lines of src/: a module may
# include itself and the modules listed after it below, nothing else. Prints every violation as
# `file:line: module -> included module` and exits 1 when there is one.
# Usage: scripts/check-deps.sh [SRC_DIR]   (default: src/ of this checkout)
set -euo pipefail
src=${1:-"$(dirname "$0")/../src"}

# module: the modules it may include. Listed bottom-up; each line only names lines above it.
declare -A allowed=(
  [core]=""
  [chat]="core"
  [http]="core"
  [llm]="core chat http"
  [metrics]="core"
  [templates]="core chat"
  [prompt_files]="core chat"
  [cache]="core chat http llm"
  [fake]="core chat http llm templates"
  [judge/parse]="core chat"
  [generate]="core chat templates prompt_files judge/parse"
  [judge]="core chat templates prompt_files generate judge/parse metrics"
  [select]="core chat templates prompt_files generate judge judge/parse metrics"
  [config]="core chat http llm templates prompt_files generate judge judge/parse select metrics"
  [eval]="core chat templates prompt_files generate judge judge/parse metrics"
  [run]="core chat http llm templates prompt_files cache fake generate judge judge/parse select config eval metrics"
  [cli]="core chat http llm templates prompt_files cache fake generate judge judge/parse select config eval metrics run"
)

# The module of a path under src/: judge/parse/x.cpp -> judge/parse, judge/x.cpp -> judge.
module_of() {
  local path=$1
  if [[ $path == judge/parse/* ]]; then echo judge/parse; else echo "${path%%/*}"; fi
}

status=0
checked=0
while IFS= read -r file; do
  rel=${file#"$src"/}
  [[ $rel == */* ]] || continue  # main.cpp, module_anchor.cpp
  from=$(module_of "$rel")
  if [[ -z ${allowed[$from]+set} ]]; then
    echo "$file: the folder \"$from\" is not a module of docs/architecture.md" >&2
    status=1
    continue
  fi
  while IFS=: read -r line included; do
    checked=$((checked + 1))
    to=$(module_of "$included")
    [[ $to == "$from" ]] && continue
    if [[ " ${allowed[$from]} " != *" $to "* ]]; then
      echo "$file:$line: $from -> $to (\"$included\"): not allowed by the dependency rule" >&2
      status=1
    fi
  done < <(grep -n '^#include "' "$file" | sed -E 's/^([0-9]+):#include "([^"]+)".*/\1:\2/' |
             grep -E '^[0-9]+:[a-z_]+/' || true)
done < <(find "$src" -name '*.cpp' -o -name '*.hpp' | sort)

if ((status == 0)); then
  echo "dependency rule: ${checked} includes checked, no violation"
fi
exit $status
