#pragma once

// Words and phrases no player name may contain (`--name-filter FILE`).

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace quizroom::game {

/// A list of words and phrases matched as whole words after the same
/// normalisation as names (NFC, then case folding): with "bad" listed,
/// "BAD guy" and "the bad" are refused, "badge" is not. Immutable once
/// built, so rooms on any thread may share one.
class name_filter {
public:
    /// Reads a list: one word or phrase per line; `#` starts a comment;
    /// blank lines are ignored. Returns the filter, or why it cannot be used
    /// (naming the line, never quoting it).
    static std::variant<name_filter, std::string> parse(std::string_view text);

    /// Whether a name contains a listed word or phrase.
    bool blocks(std::string_view name) const;

    /// Number of listed words and phrases.
    std::size_t size() const noexcept { return size_; }

private:
    /// Each phrase as its folded words, keyed by its first word.
    std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_first_word_;
    std::size_t size_ = 0;
};

/// Reads and parses the list in `path`; why not, naming the file.
std::variant<name_filter, std::string> load_name_filter(const std::string& path);

} // namespace quizroom::game
