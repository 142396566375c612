#pragma once

// What each player does with each question: a pure function of the seed, so
// that every bench process (and every rerun) agrees on it.

#include "bench/options.hpp"

#include <cstdint>

namespace quizroom::bench {

enum class outcome { correct, wrong, late, none };

struct planned_answer {
    outcome what = outcome::none;
    int delay_ms = 0; ///< after the question arrived (correct and wrong only)
};

inline std::uint64_t mix(std::uint64_t x) {
    // splitmix64's finaliser: well spread, cheap.
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline double unit_interval(std::uint64_t x) {
    return static_cast<double>(mix(x) >> 11) / static_cast<double>(1ULL << 53);
}

inline planned_answer plan_answer(const options& o, int room, int player, int q) {
    const std::uint64_t key = mix(o.seed ^ mix((static_cast<std::uint64_t>(room) << 40) ^
                                               (static_cast<std::uint64_t>(player) << 8) ^
                                               static_cast<std::uint64_t>(q)));
    const double u = unit_interval(key);
    planned_answer p;
    if (u < o.correct) {
        p.what = outcome::correct;
    } else if (u < o.correct + o.wrong) {
        p.what = outcome::wrong;
    } else if (u < o.correct + o.wrong + o.late) {
        p.what = outcome::late;
    } else {
        p.what = outcome::none;
    }
    p.delay_ms = o.answer_after_ms + static_cast<int>(unit_interval(key + 1) * o.spread_ms);
    return p;
}

inline bool answers_in_time(outcome o) {
    return o == outcome::correct || o == outcome::wrong;
}

} // namespace quizroom::bench
