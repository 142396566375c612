#pragma once

// What the importers share: problem lists, line splitting, text helpers, and
// the last step that turns a draft into a validated deck.

#include "import/importer.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace quizroom::importer::detail {

/// Problems in the order they were found: max_problems, then a count of the rest.
class problem_list {
public:
    void add(int line, std::string message);
    bool empty() const noexcept { return list_.empty(); }
    std::vector<problem> take();

private:
    std::vector<problem> list_;
    std::size_t left_out_ = 0;
    int first_left_out_line_ = 0;
};

struct text_line {
    int number = 0; ///< 1-based
    std::string_view text;
};

/// The text without a leading UTF-8 byte order mark.
std::string_view strip_bom(std::string_view text) noexcept;

/// Lines without their ends (LF, CRLF or a lone CR), after a BOM.
std::vector<text_line> split_lines(std::string_view text);

std::string trim(std::string_view s);
/// Trimmed, with every run of ASCII white space (newlines too) made one space.
std::string collapse_spaces(std::string_view s);
std::string lower_ascii(std::string_view s);
/// Lower-case ASCII letters and digits, other runs as one `-`, at most `max`
/// long (cut after a whole word when it can be).
std::string slug(std::string_view s, std::size_t max = 64);
/// "q001", "q002", ...: the ids of numbered questions, as in the bundled deck.
std::string numbered_id(std::size_t n);
/// Up to the first `.`, `!` or `?` that ends a sentence (followed by white
/// space and then not a lower-case letter), outside `code`; the whole text
/// when there is none.
std::string first_sentence(std::string_view s);

/// Offset of the first byte that is not well-formed UTF-8 (overlong forms,
/// surrogates and code points past U+10FFFF included); npos when there is none.
std::size_t invalid_utf8_at(std::string_view s) noexcept;

/// Adds a problem for the text (at the line of its first bad byte) and for
/// each option that is not UTF-8: a deck is JSON, which cannot hold them.
void check_utf8(std::string_view text, const options& o, problem_list& problems);

/// A deck being built: its questions and the line each came from.
struct draft {
    nlohmann::ordered_json questions = nlohmann::ordered_json::array();
    std::map<std::string, int> lines; ///< question id -> line
};

/// What the file itself says about the deck.
struct file_facts {
    std::string title;  ///< a title found in the file (Markdown `# `), or empty
    std::string source; ///< `source` of the deck
};

/// The deck from `d`, with id and title from `o` and `facts`, validated by
/// the deck loader; or the problems (those already found, if any).
result finish(format f, std::string_view text, const options& o, file_facts facts, draft d,
              problem_list problems);

} // namespace quizroom::importer::detail
