#include "game/scoring.hpp"

#include <algorithm>
#include <cmath>

namespace quizroom::game {

int base_points(scoring_mode mode, int question_points, std::int64_t ms, std::int64_t time_limit_ms,
                double credit) {
    if (mode == scoring_mode::accuracy || time_limit_ms <= 0) {
        return static_cast<int>(std::lround(question_points * credit));
    }
    const double used =
        std::clamp(static_cast<double>(ms) / static_cast<double>(time_limit_ms), 0.0, 1.0);
    return static_cast<int>(std::lround(question_points * (1.0 - used / 2.0) * credit));
}

int streak_bonus(int streak) {
    return std::min(streak_cap, streak_step * std::max(0, streak - 1));
}

namespace {

bool ranks_before(const ranked_entry& a, const ranked_entry& b) {
    if (a.score != b.score) {
        return a.score > b.score;
    }
    if (a.total_ms != b.total_ms) {
        return a.total_ms < b.total_ms;
    }
    return a.name < b.name;
}

} // namespace

ranking rank_players(std::vector<ranked_entry> entries, std::size_t top) {
    if (top < entries.size()) {
        const auto end = entries.begin() + static_cast<std::ptrdiff_t>(top);
        std::partial_sort(entries.begin(), end, entries.end(), ranks_before);
        entries.erase(end, entries.end());
    } else {
        std::sort(entries.begin(), entries.end(), ranks_before);
    }
    ranking out;
    out.ranks.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const bool tied = i > 0 && entries[i].score == entries[i - 1].score;
        out.ranks.push_back(tied ? out.ranks.back() : static_cast<int>(i) + 1);
    }
    out.order = std::move(entries);
    return out;
}

} // namespace quizroom::game
