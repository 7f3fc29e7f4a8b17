#!/usr/bin/env bash
# Builds pogen and its tests with AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer
# (-DPOGEN_SANITIZE=ON) into build-asan/ (-O1 -g1: fast enough, and file:line in the reports),
# runs the whole ctest suite there, then every shipped config (scripts/ci/configs.sh build-asan).
# The CLI tests run build-asan/pogen, the sanitized binary of the same build. A finding fails the
# program that made it (halt_on_error); every report is also written under
# build-asan/sanitizer-logs/, and any report there fails this script, even one from a child
# process whose exit code a test did not look at. Children that a test kills with SIGKILL on
# purpose write no report; that is expected.
# Usage: scripts/ci/sanitize.sh [ninja targets...]   (ASAN_OPTIONS/UBSAN_OPTIONS given are added)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/install-deps.sh
build=build-asan

# Configured every time (a few seconds), so that a build-asan/ left by hand cannot run unsanitized.
cmake -S . -B "$build" -G Ninja -DPOGEN_SANITIZE=ON -DPOGEN_WERROR=ON -DPOGEN_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" >/dev/null
ninja -C "$build" "$@"

logs=$PWD/$build/sanitizer-logs
rm -rf "$logs"
mkdir -p "$logs"
common="halt_on_error=1:print_stacktrace=1:log_path=$logs/report"
export ASAN_OPTIONS="$common:detect_leaks=1:strict_init_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="$common${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS=${LSAN_OPTIONS:-}

status=0
(cd "$build" && ctest --output-on-failure --timeout 600 -j2) || status=1
bash scripts/ci/configs.sh "$build" || status=1

shopt -s nullglob
reports=("$logs"/report.*)
if ((${#reports[@]} > 0)); then
  echo "sanitize: ${#reports[@]} sanitizer report(s) in $logs:" >&2
  for report in "${reports[@]}"; do
    echo "--- $report" >&2
    cat "$report" >&2
  done
  status=1
else
  echo "sanitize: no sanitizer report"
fi
exit $status
