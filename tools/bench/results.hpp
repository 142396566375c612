#pragma once

// What one bench process measured, as raw samples, so that the runs of
// several processes merge into exact percentiles.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace quizroom::bench {

/// Latency samples in nanoseconds of the one monotonic clock (CLOCK_MONOTONIC,
/// shared by every process of the machine).
using samples = std::vector<std::int64_t>;

struct raw_results {
    samples connect;     ///< TCP connect + WebSocket handshake
    samples join;        ///< `join` sent -> `joined`
    samples fanout;      ///< host's command -> each player's `question` (or broadcast frame)
    samples fanout_last; ///< the same, for the last player of each room and question
    samples answer_ack;  ///< `answer` sent -> `answer_ack`
    samples reveal;      ///< question closed -> each player's `reveal`
    samples result;      ///< question closed -> each player's `result`
    samples leaderboard; ///< host's `next` -> each player's `leaderboard`

    std::map<std::string, std::int64_t> errors; ///< by code; empty in a clean run

    std::int64_t players = 0;
    std::int64_t connected = 0;
    std::int64_t joined = 0;
    std::int64_t frames = 0; ///< frames received by every client, host screens included
    std::int64_t answers_sent = 0;
    std::int64_t answers_acked = 0;
    std::int64_t late_sent = 0;
    std::int64_t late_refused = 0;

    /// Monotonic instants bounding the connect and join phases.
    std::int64_t first_connect_ns = std::numeric_limits<std::int64_t>::max();
    std::int64_t last_connect_ns = 0;
    std::int64_t first_join_ns = std::numeric_limits<std::int64_t>::max();
    std::int64_t last_join_ns = 0;

    /// Server CPU inside the fan-out windows (command -> last recipient),
    /// and the frames delivered in them; only when nothing else ran then.
    std::int64_t fanout_cpu_ns = 0;
    std::int64_t fanout_frames = 0;
    bool fanout_cpu_measured = false;

    std::int64_t rss_after_joins_kib = 0; ///< 0: not measured
    std::int64_t bench_cpu_ns = 0;

    void add_error(const std::string& code, std::int64_t n = 1) { errors[code] += n; }
    void merge(raw_results&& other);
};

nlohmann::json to_json(const raw_results& r);
raw_results raw_results_from_json(const nlohmann::json& j);

} // namespace quizroom::bench
