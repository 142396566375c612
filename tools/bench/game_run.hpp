#pragma once

// Game mode: rooms played from the lobby to `ended` against quizroom-server,
// each by one host screen (a driver coroutine) and its players, timed on the
// bench's one clock.

#include "bench/deck_info.hpp"
#include "bench/options.hpp"
#include "bench/results.hpp"
#include "bench/ws_connection.hpp"

namespace quizroom::bench {

/// Plays this process's share of the rooms (room r belongs to process
/// r % process_count) and returns what it measured.
raw_results run_game(const options& opts, const deck_info& deck, const ws_target& target,
                     int process_index, int process_count);

} // namespace quizroom::bench
