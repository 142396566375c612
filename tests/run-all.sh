#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs missing Debian packages,
# builds everything with warnings as errors, runs every test (the Redis tests
# start their own redis-server on free loopback ports), then builds again with
# AddressSanitizer and UndefinedBehaviorSanitizer and runs the unit and
# integration tests under them (the browser tests and the load smoke drive
# the same server code, so they run once, in the plain build); last, the
# libFuzzer targets, built with Clang.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)

"$root/deploy/install-deps.sh"

run_suite() {
  local name=$1 skip=$2; shift 2
  local dir="$root/build/$name"
  echo "== $name build =="
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  echo "== $name tests =="
  ctest --test-dir "$dir" --output-on-failure -j 1 ${skip:+-E "$skip"}
}

run_suite test ""
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  run_suite asan '^(browser|load)' -DQUIZROOM_SANITIZE=ON -DQUIZROOM_BENCH=OFF

# libFuzzer targets (Clang 14): replay the committed regression inputs, then
# fuzz each target for a few seconds from its seed corpus.
"$root/tests/fuzz/run-fuzz.sh" 8
