#include "game/deck.hpp"

#include <algorithm>

namespace quizroom::game {

std::vector<std::string> deck::categories() const {
    std::vector<std::string> out;
    for (const auto& q : questions) {
        if (std::find(out.begin(), out.end(), q.category) == out.end()) {
            out.push_back(q.category);
        }
    }
    return out;
}

} // namespace quizroom::game
