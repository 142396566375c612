#pragma once

// The scoring rules of PROTOCOL.md ("Answer time and scoring"), as pure functions.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace quizroom::game {

enum class scoring_mode { speed, accuracy };

inline constexpr int streak_step = 100;
inline constexpr int streak_cap = 500;

/// Points before any streak bonus: speed scoring gives 100% for an instant
/// answer and 50% at the limit, scaled by credit; accuracy gives points x credit.
int base_points(scoring_mode mode, int question_points, std::int64_t ms, std::int64_t time_limit_ms,
                double credit);

/// The bonus for a streak that counts this question: 100 per consecutive
/// full-credit answer after the first, at most 500.
int streak_bonus(int streak);

/// One player as ranking sees them.
struct ranked_entry {
    std::string id;
    std::string name;
    int score = 0;
    std::int64_t total_ms = 0; ///< total counted answer time, for tie order
};

/// Ranks by score descending, ties sharing a rank (1, 2, 2, 4); the returned
/// order puts tied players by total answer time, then name. `ranks[i]` is
/// the rank of `order[i]`. Only the first `top` are kept, and the rest is
/// not sorted (a leaderboard shows ten of a room's thousands).
struct ranking {
    std::vector<ranked_entry> order;
    std::vector<int> ranks;
};
ranking rank_players(std::vector<ranked_entry> entries,
                     std::size_t top = std::numeric_limits<std::size_t>::max());

} // namespace quizroom::game
