#include "game/kinds/key_terms.hpp"

#include "game/unicode.hpp"

#include <algorithm>
#include <initializer_list>

namespace quizroom::game::kinds {
namespace {

/// Code points of valid UTF-8: every byte that does not continue a sequence.
std::size_t length(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool ends_with_any(const std::string& s, std::initializer_list<std::string_view> endings) {
    return std::any_of(endings.begin(), endings.end(),
                       [&](std::string_view e) { return s.ends_with(e); });
}

/// Step 1: plurals (and third-person verbs, which end the same way).
void drop_plural(std::string& s) {
    if (s.ends_with("ies")) {
        s.resize(s.size() - 2);
    } else if (ends_with_any(s, {"sses", "xes", "ches", "shes", "zes"})) {
        s.resize(s.size() - 2);
    } else if (s.ends_with('s') && !s.ends_with("ss") &&
               !(ends_with_any(s, {"us", "is"}) && length(s) >= 5)) {
        s.pop_back();
    }
}

/// Step 2: -ing and -ed, keeping at least 3 code points.
void drop_verb_ending(std::string& s) {
    if (s.ends_with("ing") && length(s) >= 6) {
        s.resize(s.size() - 3);
    } else if (s.ends_with("ed") && !ends_with_any(s, {"eed", "ead"}) && length(s) >= 5) {
        s.resize(s.size() - 2);
    }
}

bool ascii_letter(char c) {
    return c >= 'a' && c <= 'z';
}

/// Step 3: what is left of "cache"/"caching", "query"/"queried" and
/// "stop"/"stopped" is made the same.
void even_out_end(std::string& s) {
    if (length(s) > 3 && s.ends_with('e')) {
        s.pop_back();
    }
    if (length(s) > 3 && s.ends_with('y')) {
        s.back() = 'i';
    }
    if (length(s) > 3 && ascii_letter(s.back()) && s[s.size() - 2] == s.back()) {
        s.pop_back();
    }
}

bool contains_phrase(const std::vector<std::string>& words,
                     const std::vector<std::string>& phrase) {
    return !phrase.empty() &&
           std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
}

} // namespace

std::string stem(std::string_view folded_word) {
    std::string s(folded_word);
    if (length(s) <= 3) {
        return s;
    }
    drop_plural(s);
    drop_verb_ending(s);
    even_out_end(s);
    return s;
}

std::vector<std::string> stemmed_words(std::string_view utf8) {
    std::vector<std::string> out = folded_words(utf8);
    for (auto& w : out) {
        w = stem(w);
    }
    return out;
}

std::vector<bool> covered_terms(const std::vector<key_term>& keywords, std::string_view answer) {
    const auto words = stemmed_words(answer);
    std::vector<bool> out;
    out.reserve(keywords.size());
    for (const auto& spellings : keywords) {
        out.push_back(std::any_of(spellings.begin(), spellings.end(), [&](const std::string& s) {
            return contains_phrase(words, stemmed_words(s));
        }));
    }
    return out;
}

std::vector<std::string> covered_keywords(const std::vector<key_term>& keywords,
                                          std::string_view answer) {
    const auto covered = covered_terms(keywords, answer);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < keywords.size(); ++i) {
        if (covered[i] && !keywords[i].empty()) {
            out.push_back(keywords[i].front());
        }
    }
    return out;
}

} // namespace quizroom::game::kinds
