#include "game/player_name.hpp"

#include "game/unicode.hpp"
#include "protocol/messages.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace quizroom::game {
namespace {

// Controls and invisible formatting (bidi overrides and isolates, zero-width
// characters) let one name pass for another or scramble the host's screen.
bool forbidden_code_point(UChar32 c) {
    const auto type = u_charType(c);
    return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_UNASSIGNED ||
           type == U_PRIVATE_USE_CHAR || type == U_SURROGATE || type == U_LINE_SEPARATOR ||
           type == U_PARAGRAPH_SEPARATOR;
}

} // namespace

std::variant<player_name, std::string> check_player_name(std::string_view raw,
                                                         const name_filter* blocked) {
    const auto* p = reinterpret_cast<const uint8_t*>(raw.data());
    const auto length = static_cast<int32_t>(raw.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c < 0) {
            return std::string("the name is not valid UTF-8");
        }
        // Tabs and newlines are white space that collapsing turns into spaces.
        if (forbidden_code_point(c) && !u_isUWhiteSpace(c)) {
            return std::string("the name contains an invisible or control character");
        }
    }
    player_name out;
    out.display = nfc(collapse_spaces(raw));
    const std::size_t n = code_points(out.display);
    if (n == 0) {
        return std::string("the name is empty");
    }
    if (n > protocol::max_name_chars) {
        return "the name is longer than " + std::to_string(protocol::max_name_chars) +
               " characters";
    }
    if (blocked != nullptr && blocked->blocks(out.display)) {
        return std::string("that name is not allowed here; please choose another");
    }
    out.key = fold_case(out.display);
    return out;
}

} // namespace quizroom::game
