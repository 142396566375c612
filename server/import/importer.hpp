#pragma once

// Importers: turn a file that people already have into a deck. Shared by the
// `quizroom-import` command and `POST /api/quizzes`. Pure code (no sockets):
// this target links only the game layer.
//
// Each importer returns either the whole deck, validated by the same deck
// loader as the bundled decks, or the problems found, each with its line
// (at most `max_problems`); never a part of a deck.
//
// - markdown: the seed's format (quizzes/source/): `# Title`, `## Category`
//   headings, `1. **Question?**` items, each followed by an
//   `**Explanation**: ...` paragraph. Such questions have no choices, so each
//   becomes a `choice` question whose choices are the first sentence of its
//   own explanation and of three other questions of its category (of the
//   other categories when its own has too few), placed deterministically; the
//   full explanation is kept for the reveal.
// - csv: a Kahoot-style spreadsheet saved as CSV: a header row with the
//   columns Question, Answer 1-4 (up to 6), Time limit (sec) and Correct
//   answer(s) (1-based, "2" or "1,3"; several make a `multi` question); rows
//   above the header and empty rows are skipped. RFC 4180 quoting, UTF-8 with
//   or without a BOM, LF or CRLF, `,` or `;` between cells.
// - gift: Moodle GIFT: multiple choice `{=right ~wrong}` (several right or
//   positive `%weight%` answers make a `multi` question), true/false `{T}`,
//   short answer `{=a =b}` (`text`), numerical `{#42}`, `{#3.14:0.01}`,
//   `{#1..2}` or `{#=42:1 =%50%42:5}` (`number`, from the answer worth full
//   marks), missing word (text after the block), `::title::`, `$CATEGORY:`,
//   `//` comments, escapes `\~ \= \# \{ \} \:`, feedback `#...` ignored.
//   Matching and essay questions are refused with a problem each, never
//   dropped silently.
// - json: a deck file as is (an id or title given in `options` replaces its own).

#include "game/deck.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quizroom::importer {

enum class format { json, markdown, csv, gift };

std::string_view to_string(format f) noexcept;

/// "json", "markdown" (or "md"), "csv", "gift"; nullopt for anything else.
std::optional<format> parse_format(std::string_view name) noexcept;

/// From a file name's extension: .json, .md/.markdown, .csv, .gift/.txt.
std::optional<format> format_for_file(std::string_view file_name) noexcept;

/// One thing wrong with the input. `line` is 1-based; 0 when the problem
/// belongs to no one line (a JSON deck's field, the file as a whole).
struct problem {
    int line = 0;
    std::string message;

    bool operator==(const problem&) const = default;
};

/// At most this many problems are listed, then one more that counts the rest.
inline constexpr std::size_t max_problems = 50;

struct options {
    std::string id;    ///< deck id; default: from the title, else the name, else a hash of the text
    std::string title; ///< default: a Markdown `# ` heading, else the name
    std::string name;  ///< the file's name without extension, for defaults; may be empty
};

struct imported {
    game::deck deck;
    nlohmann::ordered_json
        json; ///< the deck file: what `quizroom-import` prints and the store keeps
};

using result = std::variant<imported, std::vector<problem>>;

result import_deck(std::string_view text, format f, const options& o);

result import_json(std::string_view text, const options& o);
result import_markdown(std::string_view text, const options& o);
result import_csv(std::string_view text, const options& o);
result import_gift(std::string_view text, const options& o);

/// "line 3: message", or the message alone for line 0.
std::string describe(const problem& p);

} // namespace quizroom::importer
