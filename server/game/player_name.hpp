#pragma once

#include "game/name_filter.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace quizroom::game {

/// A name as shown (trimmed, NFC) and as compared (case-folded).
struct player_name {
    std::string display;
    std::string key;
};

/// Checks a name a player typed: 1-24 code points after trimming and
/// collapsing spaces, valid UTF-8, no control, format or bidi-override
/// characters, and none of the words of `blocked` (when given). Returns the
/// name or why it is refused (for people; never quoting the word list).
std::variant<player_name, std::string> check_player_name(std::string_view raw,
                                                         const name_filter* blocked = nullptr);

} // namespace quizroom::game
