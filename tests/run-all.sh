#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs missing Debian packages,
# builds everything with warnings as errors, runs every test, then builds
# again with AddressSanitizer and UndefinedBehaviorSanitizer and runs the
# unit and integration tests under them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)

"$root/deploy/install-deps.sh"

run_suite() {
  local name=$1; shift
  local dir="$root/build/$name"
  echo "== $name build =="
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  echo "== $name tests =="
  ctest --test-dir "$dir" --output-on-failure -j 1
}

run_suite test
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_suite asan -DQUIZROOM_SANITIZE=ON
