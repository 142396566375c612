#pragma once

// Which key terms a typed answer covers, for `open` questions (and for the
// interview mode's `covered`). Both sides are compared as stemmed words:
//
// 1. Unicode case folding, then words (game/unicode.hpp, `folded_words`):
//    punctuation separates words and apostrophes are dropped, so
//    "Line-by-line" matches "line by line".
// 2. Light stemming (`stem`) of each word, so that "hash maps", "hashing"
//    and "hashed" match "hash map" and "hash".
// 3. A term is covered when its stemmed words appear in the answer one after
//    the other (a phrase); a keyword when any of its spellings is.
//
// Matching is deliberately literal past that: no typo tolerance, no word
// order freedom, no words glued together ("hashmap" does not match "hash
// map" unless the deck lists it as a synonym). client-web/js/keywords.js
// does the same in the browser; tests on both sides share the examples.

#include <string>
#include <string_view>
#include <vector>

namespace quizroom::game::kinds {

/// A keyword: its spellings, the first one shown to players.
using key_term = std::vector<std::string>;

/// A folded word without its English plural, -ing or -ed ending. Words of at
/// most 3 code points are kept as they are ("gas", "api"). Otherwise:
/// 1. "-ies" becomes "i"; "-sses", "-xes", "-ches", "-shes" and "-zes" lose
///    "es"; any other final "s" goes, except in "-ss" and in words of 5 or
///    more code points in "-us" and "-is" ("class", "status", "analysis";
///    but "CPUs" and "APIs" lose it);
/// 2. then "-ing" goes, or "-ed" (but not "-eed" or "-ead": "speed",
///    "thread"), when at least 3 code points stay;
/// 3. then, each while more than 3 code points are left: a final "e" goes,
///    a final "y" becomes "i", a final doubled ASCII letter becomes one.
/// So "cache", "caches", "cached" and "caching" all become "cach"; "query",
/// "queries" and "queried" become "queri"; "stop", "stops" and "stopped"
/// become "stop". Stems are only compared with each other, never shown, so
/// they need not be words.
std::string stem(std::string_view folded_word);

/// The stemmed words of a text.
std::vector<std::string> stemmed_words(std::string_view utf8);

/// For each keyword, whether `answer` covers it.
std::vector<bool> covered_terms(const std::vector<key_term>& keywords, std::string_view answer);

/// The first spelling of each keyword that `answer` covers, in keyword order.
std::vector<std::string> covered_keywords(const std::vector<key_term>& keywords,
                                          std::string_view answer);

} // namespace quizroom::game::kinds
