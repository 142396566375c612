#pragma once

// Broadcast mode: the same clients against a broadcast reference (the floor,
// or the Node.js `ws` server): every frame a client sends goes to every
// client. One client sends each question frame in turn; the others stamp
// its arrival, exactly as players stamp `question` from quizroom-server.

#include "bench/deck_info.hpp"
#include "bench/options.hpp"
#include "bench/results.hpp"
#include "bench/ws_connection.hpp"

#include <optional>

namespace quizroom::bench {

/// `receivers` clients and one sender; `questions` broadcasts, one at a time.
raw_results run_broadcast(const options& opts, const deck_info& deck, const ws_target& target,
                          int receivers, std::optional<int> pid);

} // namespace quizroom::bench
