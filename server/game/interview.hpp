#pragma once

// The rules of interview mode (PROTOCOL.md, "Interview mode") as pure
// functions: who answers next, and what a round of ratings is worth. The
// room (room_judging.cpp) keeps the state and says when they apply.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace quizroom::game {

/// A rating is 1 to 5; the candidate scores the median times this.
inline constexpr int points_per_rating_step = 200;
/// With nobody rating, the candidate scores keyword coverage times this.
inline constexpr int points_for_full_coverage = 1000;
/// A rater within this distance of the host's rating earns rater_bonus.
inline constexpr int rater_tolerance = 1;
inline constexpr int rater_bonus = 50;
inline constexpr int default_rating_s = 20;

/// One player as the rotation sees them, in join order.
struct candidate_slot {
    bool active = false;    ///< not kicked, not left
    bool connected = false; ///< has a connection now
};

/// The candidate after `previous` (an index into `slots`; nullopt before the
/// first question): the next connected player in join order, wrapping
/// around; when nobody is connected, the next active one, so that the turn
/// still passes on; nullopt when nobody is active.
std::optional<std::size_t> next_candidate(const std::vector<candidate_slot>& slots,
                                          std::optional<std::size_t> previous);

/// The median of `ratings`; with an even count, the mean of the middle two.
/// Zero for no ratings.
double median_rating(std::vector<int> ratings);

/// What a closed round of ratings gives.
struct interview_outcome {
    double median = 0;
    int ratings = 0; ///< how many, the host's included
    int candidate_points = 0;
    double candidate_credit = 0; ///< 0..1: the median over 5, or the coverage when unrated
    std::map<std::string, int> rater_points; ///< by player id, every player who rated
};

/// `player_ratings` by rater, `host_rating` when the host rated, and the
/// fraction of keywords the typed answer covered (0 without one).
interview_outcome score_interview(const std::map<std::string, int>& player_ratings,
                                  std::optional<int> host_rating, double coverage);

} // namespace quizroom::game
