#include "store/store.hpp"

#include <algorithm>

namespace quizroom::store {

std::vector<game::league_standing> rank_league(std::vector<game::league_standing> rows) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.total != b.total ? a.total > b.total : a.name < b.name;
    });
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool tied = i > 0 && rows[i].total == rows[i - 1].total;
        rows[i].rank = tied ? rows[i - 1].rank : static_cast<int>(i) + 1;
    }
    return rows;
}

} // namespace quizroom::store
