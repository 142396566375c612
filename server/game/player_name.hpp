#pragma once

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
/// characters. Returns the name or why it is refused (for people).
std::variant<player_name, std::string> check_player_name(std::string_view raw);

} // namespace quizroom::game
