#!/usr/bin/env bash
# One fuzz-* ctest: replay every regression input of the target, then fuzz
# from its seed corpus for a bounded time.
#   fuzz-test.sh BINARY SEEDS REGRESSIONS WORK SECONDS [DICT]
# New inputs libFuzzer finds go to WORK/corpus; a crash is written to
# WORK/crash-* (commit it under REGRESSIONS once the bug is fixed).
set -euo pipefail
bin=$1 seeds=$2 regressions=$3 work=$4 seconds=$5 dict=${6:-}

# Symbolised stack traces: llvm-14 has the symbolizer, not always on PATH.
if ! command -v llvm-symbolizer >/dev/null && [[ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

rm -rf "$work"
mkdir -p "$work/corpus"

shopt -s nullglob
replay=("$regressions"/*)
if ((${#replay[@]} > 0)); then
  echo "== replaying ${#replay[@]} regression input(s)"
  # Given files, libFuzzer runs each once and stops at the first failure.
  "$bin" -timeout=5 -rss_limit_mb=2048 "${replay[@]}"
fi

echo "== fuzzing for ${seconds}s"
"$bin" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=8192 \
  -print_final_stats=1 -artifact_prefix="$work/" ${dict:+-dict="$dict"} \
  "$work/corpus" "$seeds"
