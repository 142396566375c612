#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace quizroom::game {

/// One question as the deck file holds it. `answer` keeps the deck's JSON
/// because its shape depends on the kind (index, bool, index list, ...);
/// the kind validates it once at load time.
struct question {
    std::string id;
    std::string category;
    std::string kind;
    std::string prompt;
    std::vector<std::string> choices;
    nlohmann::json answer;
    std::vector<std::string> accepted;
    std::optional<double> tolerance;
    int time_limit_s = 20;
    int points = 1000;
    std::string explanation;
    std::string summary;
    std::string concept_term;                       ///< `concept` in the file
    std::vector<std::vector<std::string>> keywords; ///< each a term and its synonyms
};

struct deck {
    std::string id;
    std::string title;
    std::string description;
    std::string source;
    std::vector<question> questions;

    /// Category names in order of first appearance.
    std::vector<std::string> categories() const;
};

} // namespace quizroom::game
