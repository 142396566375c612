#pragma once

// The body of every importer target: import the input as the server's
// upload route and the quizroom-import command do (neither catches), then
// check what came back.
//
// Invariants: no exception escapes; problems are 1 to max_problems + 1, each with a message and a
// line within the text; an imported deck has at least one question, its JSON
// (what the store keeps) dumps without throwing and loads again, as the
// server does with stored decks at a restart, to the same number of questions.

#include "fuzz_check.hpp"

#include "game/deck_loader.hpp"
#include "import/importer.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace quizroom::fuzz {

/// The part of `rest` before `separator` (all of it when there is none);
/// `rest` keeps what follows the separator.
inline std::string_view take_until(std::string_view& rest, std::string_view separator) {
    const auto at = rest.find(separator);
    const std::string_view head = rest.substr(0, at);
    rest = at == std::string_view::npos ? std::string_view() : rest.substr(at + separator.size());
    return head;
}

/// The input is TEXT, or TEXT FF FF ID, or TEXT FF FF ID FF FF TITLE: the id
/// and title as an upload's `?id=` and `?title=` give them (percent-decoded,
/// so any bytes). FF never occurs in UTF-8, so no valid text loses a byte.
inline void fuzz_import(const std::uint8_t* data, std::size_t size, importer::format f) {
    constexpr std::string_view separator = "\xFF\xFF";
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view text = take_until(rest, separator);
    importer::options options;
    options.id = std::string(take_until(rest, separator));
    options.title = std::string(rest);
    // Odd sizes import with a file name, even ones without, so that both ways
    // of choosing the deck id (from the name, from a hash of the text) run.
    if (size % 2 == 1) {
        options.name = "fuzz-sample";
    }
    const importer::result result = importer::import_deck(text, f, options);
    if (const auto* problems = std::get_if<std::vector<importer::problem>>(&result)) {
        check(!problems->empty() && problems->size() <= importer::max_problems + 1,
              "problem count out of range");
        const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n') +
                                            std::count(text.begin(), text.end(), '\r') + 1);
        for (const importer::problem& p : *problems) {
            check(!p.message.empty(), "a problem without a message");
            check(p.line >= 0 && p.line <= lines, "a problem on a line the text does not have");
        }
        return;
    }
    const auto& imported = std::get<importer::imported>(result);
    check(!imported.deck.questions.empty(), "an imported deck without questions");
    const std::string stored = imported.json.dump();
    const game::deck_result reloaded = game::load_deck(stored, "stored deck");
    check(std::holds_alternative<game::deck>(reloaded), "an imported deck does not load again");
    check(std::get<game::deck>(reloaded).questions.size() == imported.deck.questions.size(),
          "an imported deck loads again with other questions");
}

} // namespace quizroom::fuzz
