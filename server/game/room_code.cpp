#include "game/room_code.hpp"

namespace quizroom::game {

std::string make_room_code(const std::function<std::uint64_t()>& random) {
    constexpr std::uint64_t n = room_code_alphabet.size();
    // Rejection sampling keeps every character uniform.
    constexpr std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::string code;
    while (code.size() < room_code_length) {
        const std::uint64_t r = random();
        if (r < limit) {
            code.push_back(room_code_alphabet[r % n]);
        }
    }
    return code;
}

std::optional<std::string> normalize_room_code(std::string_view typed) {
    if (typed.size() != room_code_length) {
        return std::nullopt;
    }
    std::string code;
    for (char c : typed) {
        const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (room_code_alphabet.find(upper) == std::string_view::npos) {
            return std::nullopt;
        }
        code.push_back(upper);
    }
    return code;
}

} // namespace quizroom::game
