#pragma once

// Unicode text helpers (ICU) for names and typed answers.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::game {

/// NFC normal form of valid UTF-8 (invalid sequences become U+FFFD).
std::string nfc(std::string_view utf8);

/// Full Unicode case folding of the NFC form, for comparisons ("Straße" ~ "STRASSE").
std::string fold_case(std::string_view utf8);

/// Trims Unicode white space at both ends and collapses inner runs to one space.
std::string collapse_spaces(std::string_view utf8);

/// Number of code points.
std::size_t code_points(std::string_view utf8);

/// Levenshtein distance over code points, stopping early once it exceeds `limit`
/// (the result is then limit + 1).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

/// Count of letters (Unicode general category L*).
std::size_t letter_count(std::string_view utf8);

/// The case-folded words of a text, for matching key terms: runs of letters,
/// digits and combining marks. Apostrophes inside a word are dropped (so
/// "object's" is one word, "objects"); any other character separates words,
/// so "line-by-line" and "line by line" give the same three words.
std::vector<std::string> folded_words(std::string_view utf8);

} // namespace quizroom::game
