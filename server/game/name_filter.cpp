#include "game/name_filter.hpp"

#include "game/unicode.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace quizroom::game {
namespace {

bool valid_utf8(std::string_view text) {
    const auto* p = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(p, i, length, c);
        if (c < 0) {
            return false;
        }
    }
    return true;
}

} // namespace

std::variant<name_filter, std::string> name_filter::parse(std::string_view text) {
    name_filter out;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        ++line_no;
        line = line.substr(0, line.find('#'));
        if (!valid_utf8(line)) {
            return "line " + std::to_string(line_no) + " is not valid UTF-8";
        }
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            continue;
        }
        auto words = folded_words(line);
        if (words.empty()) {
            // Punctuation or symbols alone can never match a whole word: a
            // mistake the operator should hear of rather than a silent no-op.
            return "line " + std::to_string(line_no) + " has no word (letters or digits) in it";
        }
        auto& same_start = out.by_first_word_[words.front()];
        if (std::find(same_start.begin(), same_start.end(), words) == same_start.end()) {
            same_start.push_back(std::move(words));
            ++out.size_;
        }
    }
    return out;
}

bool name_filter::blocks(std::string_view name) const {
    if (by_first_word_.empty()) {
        return false;
    }
    const auto words = folded_words(name);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto it = by_first_word_.find(words[i]);
        if (it == by_first_word_.end()) {
            continue;
        }
        for (const auto& phrase : it->second) {
            if (phrase.size() <= words.size() - i &&
                std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<long>(i))) {
                return true;
            }
        }
    }
    return false;
}

std::variant<name_filter, std::string> load_name_filter(const std::string& path) {
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    if (!std::filesystem::is_regular_file(path, ec) || !in) {
        return path + ": cannot be read";
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        return path + ": cannot be read";
    }
    auto parsed = name_filter::parse(text);
    if (auto* why = std::get_if<std::string>(&parsed)) {
        return path + ": " + *why;
    }
    return parsed;
}

} // namespace quizroom::game
