#pragma once

// The one JSON object a bench run prints: latency percentiles, rates,
// errors, the server's CPU and memory, the bench's own CPU, and ratios to
// the floor measured in the same run.

#include "bench/options.hpp"
#include "bench/proc_sample.hpp"
#include "bench/results.hpp"

#include <nlohmann/json.hpp>

#include <optional>

namespace quizroom::bench {

struct run_facts {
    explicit run_facts(const options& o) : opts(o) {}

    const options& opts;
    int processes = 1;
    std::string url;
    std::optional<int> server_pid;
    proc_sample server_before;
    proc_sample server_after;
    std::int64_t wall_ns = 0;         ///< the measured run (the floor's part excluded)
    std::int64_t parent_cpu_ns = 0;   ///< the bench's parent process over the run
    std::optional<raw_results> floor; ///< the floor's run, when one was measured
    std::optional<int> floor_players;
};

nlohmann::ordered_json make_report(const run_facts& facts, const raw_results& run);

/// Whether a --strict run passes: no error of any kind, every answer acknowledged.
bool is_clean(const raw_results& run);

} // namespace quizroom::bench
