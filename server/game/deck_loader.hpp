#pragma once

#include "game/deck.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace quizroom::game {

/// One thing wrong with a deck, located as precisely as the deck allows.
struct deck_problem {
    std::string file;
    std::string question; ///< question id (or "#index" when it has none); empty for deck fields
    std::string field;
    std::string message;

    /// "decks/x.json: question q2: field answer: index 7 is out of range"
    std::string describe() const;
};

using deck_result = std::variant<deck, std::vector<deck_problem>>;

/// Reads and validates a deck from JSON text; `file` only names it in problems.
deck_result load_deck(std::string_view json_text, const std::string& file);

/// Reads and validates a deck file.
deck_result load_deck_file(const std::filesystem::path& path);

/// Every `*.json` deck of a folder, sorted by file name. All problems of all
/// files are returned together so that a start names every bad deck at once.
std::variant<std::vector<deck>, std::vector<deck_problem>>
load_deck_folder(const std::filesystem::path& dir);

} // namespace quizroom::game
