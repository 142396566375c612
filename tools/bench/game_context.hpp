#pragma once

// What every room and player of one bench process shares.

#include "bench/deck_info.hpp"
#include "bench/io_pool.hpp"
#include "bench/options.hpp"
#include "bench/ws_connection.hpp"

#include <atomic>
#include <cstdint>
#include <latch>
#include <optional>
#include <vector>

namespace quizroom::bench {

/// The countdowns of a room: six per question, then the steps of the game's ends.
enum step : std::size_t {
    st_question,    ///< players who have the question
    st_answer,      ///< in-time answers acknowledged (or refused)
    st_reveal,      ///< players who have the reveal
    st_result,      ///< players who have their result
    st_late,        ///< late answers refused with `late`
    st_leaderboard, ///< players who have the leaderboard
    st_per_question,
};

enum final_step : std::size_t {
    fs_host_open, ///< the host screen's handshake
    fs_created,   ///< `created`
    fs_joined,    ///< players who have `joined`
    fs_podium,
    fs_ended,
    fs_count,
};

inline std::size_t question_step(int q, step s) {
    return static_cast<std::size_t>(q) * st_per_question + s;
}

struct game_context {
    const options& opts;
    const deck_info& deck;
    ws_target target;
    std::vector<asio::ip::address> sources;
    io_pool& pool;

    std::int64_t start_ns = 0;       ///< the first join slot
    double joins_per_second = 0;     ///< this process's share; 0: no pacing
    bool measure_fanout_cpu = false; ///< one room in one process, and a server pid

    std::latch rooms_done;          ///< counted down as each room's game ends
    std::atomic<int> rooms_joining; ///< rooms still waiting for their players
    std::atomic<std::int64_t> rss_after_joins_kib{0};
    std::atomic<int> connections_open{0};

    game_context(const options& o, const deck_info& d, io_pool& p, int rooms)
        : opts(o), deck(d), pool(p), rooms_done(rooms), rooms_joining(rooms) {}

    const asio::ip::address* source_for(std::size_t i) const {
        return sources.empty() ? nullptr : &sources[i % sources.size()];
    }
};

} // namespace quizroom::bench
