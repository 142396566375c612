#!/usr/bin/env bash
# The fuzz targets alone: configures build/fuzz with Clang 14 and
# QUIZROOM_FUZZ, builds only the fuzz targets, then runs the fuzz-* ctests
# (each replays its regression inputs, then fuzzes for QUIZROOM_FUZZ_SECONDS,
# 12 by default). CI runs the same ctests in its ASan build (tests/run-all.sh).
# Needs the Debian packages clang-14 and libclang-rt-14-dev.
#   tests/fuzz/run-fuzz.sh [SECONDS_PER_TARGET]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/build/fuzz"
seconds=${1:-12}
jobs=${JOBS:-$(nproc)}

echo "== fuzz build =="
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE= \
  -DCMAKE_CXX_COMPILER=clang++-14 -DQUIZROOM_FUZZ=ON -DQUIZROOM_BENCH=OFF \
  -DQUIZROOM_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$dir" -j "$jobs" --target fuzz
echo "== fuzz tests =="
# One at a time: each fuzzer keeps one core busy for its whole time.
ctest --test-dir "$dir" --output-on-failure -j 1 -L '^fuzz$'
