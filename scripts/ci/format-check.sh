#!/usr/bin/env bash
# Checks that every tracked *.cpp and *.hpp under src/, tests/ and bench/ is formatted as the
# repository's .clang-format says (clang-format --dry-run -Werror). Lists each file that is not,
# with clang-format's first complaints about it, and exits 1 when there is one.
# Fix a file with: clang-format -i FILE
# Usage: scripts/ci/format-check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v clang-format >/dev/null; then
  echo "format: clang-format is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

mapfile -t files < <(git ls-files -- 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
                                      'bench/*.cpp' 'bench/*.hpp')
if ((${#files[@]} == 0)); then
  echo "format: no file to check (is this a git checkout?)" >&2
  exit 1
fi

bad=()
for file in "${files[@]}"; do
  if ! report=$(clang-format --dry-run -Werror "$file" 2>&1); then
    bad+=("$file")
    printf '%s\n' "$report" | head -n 6 | sed 's/^/    /' >&2
  fi
done

if ((${#bad[@]} > 0)); then
  echo "format: ${#bad[@]} of ${#files[@]} files are not clang-formatted:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "format: fix them with: clang-format -i ${bad[*]}" >&2
  exit 1
fi
echo "format: ${#files[@]} files checked, all clang-formatted ($(clang-format --version))"
