#pragma once

// The bench's one clock: CLOCK_MONOTONIC (std::chrono::steady_clock on
// Linux), shared by every process of the machine, so that the samples of
// several bench processes can be compared and merged.

#include <chrono>
#include <cstdint>

namespace quizroom::bench {

using bench_clock = std::chrono::steady_clock;

inline std::int64_t to_ns(bench_clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

inline std::int64_t now_ns() {
    return to_ns(bench_clock::now());
}

inline bench_clock::time_point from_ns(std::int64_t ns) {
    return bench_clock::time_point(std::chrono::nanoseconds(ns));
}

} // namespace quizroom::bench
