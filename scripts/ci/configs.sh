#!/usr/bin/env bash
# Runs every shipped config, configs/*.yaml, with the built pogen on the fake endpoint (--fake):
#   pogen check --config C --fake
#   pogen build-dataset --config C --fake --dry-run
#   pogen build-dataset --config C --fake --prompts P --out TMP --quiet
# where P is the first 3 prompts of the config's own prompts.path (3 made-up prompts when it has
# none). Each must exit 0 and the real run must write non-empty dpo.jsonl and kto.jsonl. The
# variables the config names in api_key_env are unset for these runs: --fake needs no key.
# A config listed in check_only below has endpoints only (no pipeline): build-dataset must refuse
# it with exit code 2 and "generation: missing".
# Usage: scripts/ci/configs.sh [BUILD_DIR]   (default: build; build-asan runs the sanitized pogen)
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${1:-build}
pogen=$build_dir/pogen
[[ -x $pogen ]] || { echo "configs: $pogen is not built (scripts/build.sh builds it)" >&2; exit 1; }

# Configs for `pogen check` alone: their endpoints, and nothing for build-dataset to do.
check_only=(configs/check-local.yaml)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The value of prompts.path in config $1, empty when there is none. Reads the block form
# (`prompts:` then an indented `path:`) and the flow form (`prompts: {path: x}`).
prompts_path() {
  awk '
    /^prompts:/ {
      if (match($0, /path:[ ]*[^,}#]+/)) { v = substr($0, RSTART + 5, RLENGTH - 5); print v; exit }
      inside = 1; next
    }
    /^[^ #]/ { inside = 0 }
    inside && /^[ ]+path:/ { sub(/^[ ]+path:[ ]*/, ""); sub(/[ ]+#.*$/, ""); print; exit }
  ' "$1" | sed -E 's/^[ "'\'']+//; s/[ "'\'']+$//'
}

# The line count of file $1, 0 when there is no such file.
rows() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }

passed=0
failed=0
# Runs "$@" (a label, the expected exit code, then the command) with its output kept in a log that
# is printed only when the step fails.
step() {
  local label=$1 expected=$2
  shift 2
  local log=$tmp/step.log rc=0
  "$@" >"$log" 2>&1 || rc=$?
  if ((rc == expected)); then
    return 0
  fi
  echo "FAIL $label: exit code $rc, expected $expected; its output:" >&2
  sed 's/^/    /' "$log" >&2
  return 1
}

for config in configs/*.yaml; do
  name=$(basename "$config" .yaml)
  unset_keys=()
  for var in $(sed -nE 's/^[ ]*api_key_env:[ ]*["'\'']?([A-Za-z_][A-Za-z0-9_]*).*/\1/p' "$config" |
                 sort -u); do
    unset_keys+=(-u "$var")
  done
  run=(env "${unset_keys[@]}" "$pogen")
  ok=1

  step "$config: check --fake" 0 "${run[@]}" check --config "$config" --fake || ok=0

  if [[ " ${check_only[*]} " == *" $config "* ]]; then
    if step "$config: build-dataset --dry-run (check-only config)" 2 \
         "${run[@]}" build-dataset --config "$config" --fake --dry-run; then
      if ! grep -q "generation: missing" "$tmp/step.log"; then
        echo "FAIL $config: build-dataset refused it, but not for the missing generation:" >&2
        sed 's/^/    /' "$tmp/step.log" >&2
        ok=0
      fi
    else
      ok=0
    fi
    detail="check ok; build-dataset refuses it as expected (no generation section)"
  else
    step "$config: build-dataset --fake --dry-run" 0 \
      "${run[@]}" build-dataset --config "$config" --fake --dry-run || ok=0

    prompts=$tmp/$name-prompts.jsonl
    source_prompts=$(prompts_path "$config")
    if [[ -n $source_prompts ]]; then
      [[ $source_prompts == /* ]] || source_prompts=$(dirname "$config")/$source_prompts
      if [[ ! -s $source_prompts ]]; then
        echo "FAIL $config: its prompts.path $source_prompts is missing or empty" >&2
        ok=0
      fi
      head -n 3 "$source_prompts" >"$prompts" 2>/dev/null || true
    else
      printf '%s\n' '{"id": "ci-1", "prompt": "Name three prime numbers."}' \
        '{"id": "ci-2", "prompt": "Why is the sky blue?"}' \
        '{"id": "ci-3", "prompt": "What does a compiler do?"}' >"$prompts"
    fi

    out=$tmp/$name-run
    started=$SECONDS
    if step "$config: build-dataset --fake --prompts (3 prompts)" 0 "${run[@]}" build-dataset \
         --config "$config" --fake --prompts "$prompts" --out "$out" --quiet; then
      empty=()
      for file in dpo.jsonl kto.jsonl; do
        [[ -s $out/$file ]] || empty+=("$file")
      done
      if ((${#empty[@]} > 0)); then
        echo "FAIL $config: the run wrote no rows to ${empty[*]}; its output:" >&2
        sed 's/^/    /' "$tmp/step.log" >&2
        ok=0
      fi
    else
      ok=0
    fi
    detail="dpo.jsonl $(rows "$out/dpo.jsonl") rows, kto.jsonl $(rows "$out/kto.jsonl") rows"
    detail+=" from 3 prompts in $((SECONDS - started)) s"
  fi

  if ((ok)); then
    passed=$((passed + 1))
    echo "ok   $config: $detail"
  else
    failed=$((failed + 1))
    echo "FAIL $config"
  fi
done

echo "configs: $passed passed, $failed failed"
((failed == 0))
