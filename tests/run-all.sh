#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs missing Debian packages, then
# three builds, each in its own folder under build/:
#  - test: GCC, everything, warnings as errors; runs every test (the Redis
#    tests start their own redis-server on free loopback ports);
#  - tsan: quizroom-server alone, Clang 14 with ThreadSanitizer; the test
#    build's integration tests run again against it;
#  - asan: Clang 14 with AddressSanitizer, UndefinedBehaviorSanitizer and
#    libFuzzer's coverage hooks; runs the unit and integration tests (the
#    browser tests and the load smoke drive the same server code, so they run
#    once, in the test build), and the libFuzzer targets: each replays its
#    committed regression inputs, then fuzzes for a few seconds.
# The sanitizer builds keep only line tables of the debug information.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)

"$root/deploy/install-deps.sh"

# Symbolised sanitizer reports: llvm-14 has the symbolizer, not on PATH.
export PATH="$PATH:/usr/lib/llvm-14/bin"

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

# ThreadSanitizer: the integration tests start every server with two network
# threads. The first race stops the server (failing the test that saw it),
# and every report is also written to build/tsan/races/, so that a race no
# test noticed (one in shutdown, say) fails the run too.
echo "== tsan build =="
tsan="$root/build/tsan"
cmake -S "$root" -B "$tsan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 \
  -DQUIZROOM_TSAN=ON -DQUIZROOM_TESTS=OFF -DQUIZROOM_BENCH=OFF >/dev/null
cmake --build "$tsan" -j "$jobs" --target quizroom-server
echo "== tsan tests =="
rm -rf "$tsan/races"
mkdir -p "$tsan/races"
tsan_status=0
QUIZROOM_TEST_SERVER_BIN="$tsan/server/app/quizroom-server" \
  TSAN_OPTIONS="halt_on_error=1 log_path=$tsan/races/race" \
  ctest --test-dir "$root/build/test" --output-on-failure -R '^integration$' || tsan_status=$?
if compgen -G "$tsan/races/race*" >/dev/null; then
  cat "$tsan"/races/race*
  echo "ThreadSanitizer reported the races above (build/tsan/races/)" >&2
  exit 1
fi
((tsan_status == 0))

# One Clang build for ASan+UBSan and fuzzing (see QUIZROOM_FUZZ in
# CMakeLists.txt); the fuzz-* ctests fuzz 8 s each. A 64 MiB stack: the
# unoptimised instrumented frames of a JSON value nested 2,000 deep (the
# frame limit allows that) overflow 8 MiB with Clang, though not with GCC.
(
  ulimit -s 65536
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run_suite asan '^(browser|load)' -DCMAKE_CXX_COMPILER=clang++-14 -DQUIZROOM_FUZZ=ON \
    -DQUIZROOM_BENCH=OFF -DQUIZROOM_FUZZ_SECONDS=8
)
