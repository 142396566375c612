#include "game/records.hpp"

namespace quizroom::game {

std::string_view to_string(player_status s) noexcept {
    switch (s) {
    case player_status::active:
        return "active";
    case player_status::left:
        return "left";
    case player_status::kicked:
        return "kicked";
    }
    return "active";
}

} // namespace quizroom::game
