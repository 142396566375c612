#include "game/interview.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace quizroom::game {

std::optional<std::size_t> next_candidate(const std::vector<candidate_slot>& slots,
                                          std::optional<std::size_t> previous) {
    const std::size_t n = slots.size();
    // Starting after the previous candidate, so that each player gets a turn
    // before anyone gets a second one.
    const std::size_t start = previous ? *previous + 1 : 0;
    for (const bool need_connection : {true, false}) {
        for (std::size_t step = 0; step < n; ++step) {
            const candidate_slot& s = slots[(start + step) % n];
            if (s.active && (s.connected || !need_connection)) {
                return (start + step) % n;
            }
        }
    }
    return std::nullopt;
}

double median_rating(std::vector<int> ratings) {
    if (ratings.empty()) {
        return 0;
    }
    std::sort(ratings.begin(), ratings.end());
    const std::size_t mid = ratings.size() / 2;
    if (ratings.size() % 2 == 1) {
        return ratings[mid];
    }
    return (ratings[mid - 1] + ratings[mid]) / 2.0;
}

interview_outcome score_interview(const std::map<std::string, int>& player_ratings,
                                  std::optional<int> host_rating, double coverage) {
    std::vector<int> all;
    for (const auto& [rater, score] : player_ratings) {
        all.push_back(score);
    }
    if (host_rating) {
        all.push_back(*host_rating);
    }
    interview_outcome o;
    o.ratings = static_cast<int>(all.size());
    if (all.empty()) {
        o.candidate_credit = coverage;
        o.candidate_points = static_cast<int>(std::lround(coverage * points_for_full_coverage));
    } else {
        o.median = median_rating(std::move(all));
        o.candidate_credit = o.median / 5.0;
        o.candidate_points = static_cast<int>(std::lround(o.median * points_per_rating_step));
    }
    for (const auto& [rater, score] : player_ratings) {
        const bool agrees = host_rating && std::abs(score - *host_rating) <= rater_tolerance;
        o.rater_points[rater] = agrees ? rater_bonus : 0;
    }
    return o;
}

} // namespace quizroom::game
