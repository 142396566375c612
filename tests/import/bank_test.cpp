// The bundled bank (quizzes/backend-interview.json), curated by hand: every
// question has a concept and keywords found in its own explanation, and it
// plays in the formats it offers, with choices from its own category.

#include "import_test_support.hpp"

#include "game/deck_formats.hpp"
#include "game/question_kind.hpp"
#include "game/unicode.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

namespace quizroom::import_test {
namespace {

bool contains_folded(const std::string& text, const std::string& term) {
    return game::fold_case(text).find(game::fold_case(term)) != std::string::npos;
}

/// Whether `term` occurs in `text` as a whole word (ASCII case-insensitive).
bool contains_word(const std::string& text, const std::string& term) {
    const std::string t = game::fold_case(text);
    const std::string w = game::fold_case(term);
    const auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    };
    for (auto at = t.find(w); at != std::string::npos; at = t.find(w, at + 1)) {
        const bool starts = at == 0 || !word(t[at - 1]) || !word(w.front());
        const bool ends = at + w.size() == t.size() || !word(t[at + w.size()]) || !word(w.back());
        if (starts && ends) {
            return true;
        }
    }
    return false;
}

const game::question& by_id(const game::deck& d, const std::string& id) {
    const auto it = std::find_if(d.questions.begin(), d.questions.end(),
                                 [&](const game::question& q) { return q.id == id; });
    REQUIRE(it != d.questions.end());
    return *it;
}

} // namespace

TEST_CASE("the bank: 100 questions in 19 categories, each with a concept and 3-6 keywords") {
    const game::deck bank = load_bank();
    REQUIRE(bank.questions.size() == 100);
    CHECK(bank.categories().size() == 19);
    std::map<std::string, std::set<std::string>> concepts_by_category;
    for (const auto& q : bank.questions) {
        CAPTURE(q.id);
        CHECK(!q.summary.empty());
        CHECK(!q.explanation.empty());
        CHECK(!q.concept_term.empty());
        CHECK(q.keywords.size() >= 3);
        CHECK(q.keywords.size() <= 6);
        for (const auto& synonyms : q.keywords) {
            // "every keyword (at least one synonym of each) found in that question's own
            // explanation"
            const bool found =
                std::any_of(synonyms.begin(), synonyms.end(), [&](const std::string& s) {
                    return contains_folded(q.explanation, s);
                });
            CHECK_MESSAGE(found, "keyword ", synonyms.front(), " is not in the explanation");
            CHECK(std::set<std::string>(synonyms.begin(), synonyms.end()).size() ==
                  synonyms.size());
        }
        CHECK_MESSAGE(
            concepts_by_category[q.category].insert(game::fold_case(q.concept_term)).second,
            "concept ", q.concept_term, " is used twice in ", q.category);
    }
}

TEST_CASE("the bank offers best_answer, concept and open") {
    CHECK(game::offered_formats(load_bank()) ==
          std::vector<std::string>{"best_answer", "concept", "open"});
}

TEST_CASE("open: every question becomes an open question scored by its own keywords") {
    const game::deck bank = load_bank();
    auto played = game::apply_format(bank, game::format_open);
    REQUIRE(std::holds_alternative<game::deck>(played));
    const auto& d = std::get<game::deck>(played);
    REQUIRE(d.questions.size() == bank.questions.size());
    CHECK(d.categories() == bank.categories());
    const game::question_kind& open = *game::find_kind("open");
    for (std::size_t i = 0; i < d.questions.size(); ++i) {
        const auto& q = d.questions[i];
        const auto& original = bank.questions[i];
        CAPTURE(q.id);
        CHECK(q.id == original.id);
        CHECK(q.kind == "open");
        CHECK(q.category == original.category);
        CHECK(q.prompt == original.prompt);
        CHECK(q.explanation == original.explanation);
        CHECK(q.keywords == original.keywords);
        CHECK(q.time_limit_s == original.time_limit_s);
        CHECK(q.points == original.points);
        CHECK(q.choices.empty());
        CHECK(q.answer.is_null());
        CHECK(open.validate(q).empty());
        CHECK(open.correct(q)["keywords"].size() == original.keywords.size());
        // Nothing of the choice form is left to give the answer away.
        CHECK_FALSE(open.shown_choices(q).has_value());
        // The keywords were taken from the explanation, so the explanation
        // itself, typed as an answer, covers them all.
        CHECK(*open.credit(q, protocol::text_answer{q.explanation}) == 1.0);
        CHECK(*open.credit(q, protocol::text_answer{"I am not sure."}) == 0.0);
    }
}

TEST_CASE("best_answer: each question is as in the deck, its summary among three of its category") {
    const game::deck bank = load_bank();
    auto played = game::apply_format(bank, game::format_best_answer);
    REQUIRE(std::holds_alternative<game::deck>(played));
    const auto& d = std::get<game::deck>(played);
    REQUIRE(d.questions.size() == bank.questions.size());
    std::map<std::string, std::set<std::string>> summaries; // category -> its summaries
    for (const auto& q : bank.questions) {
        summaries[q.category].insert(q.summary);
    }
    for (std::size_t i = 0; i < d.questions.size(); ++i) {
        const auto& q = d.questions[i];
        const auto& original = bank.questions[i];
        CAPTURE(q.id);
        CHECK(q.kind == "choice");
        CHECK(q.prompt == original.prompt);
        CHECK(q.choices == original.choices);
        CHECK(q.answer == original.answer);
        REQUIRE(q.choices.size() == 4);
        CHECK(q.choices.at(q.answer.get<std::size_t>()) == q.summary);
        CHECK(std::set<std::string>(q.choices.begin(), q.choices.end()).size() == 4);
        // Three distractors, each the summary of another question of the same category.
        for (std::size_t c = 0; c < 4; ++c) {
            if (c != q.answer.get<std::size_t>()) {
                CHECK(q.choices[c] != q.summary);
                CHECK_MESSAGE(summaries[q.category].contains(q.choices[c]),
                              "distractor from another category: ", q.choices[c]);
            }
        }
    }
}

TEST_CASE("concept: the explanation with its concept masked, four concepts of the category") {
    const game::deck bank = load_bank();
    auto played = game::apply_format(bank, game::format_concept);
    REQUIRE(std::holds_alternative<game::deck>(played));
    const auto& d = std::get<game::deck>(played);
    REQUIRE(d.questions.size() == 100);
    std::map<std::string, std::set<std::string>> concepts; // category -> its concepts
    for (const auto& q : bank.questions) {
        concepts[q.category].insert(q.concept_term);
    }
    std::map<std::size_t, int> positions;
    int masked = 0;
    for (std::size_t i = 0; i < d.questions.size(); ++i) {
        const auto& q = d.questions[i];
        const auto& original = bank.questions[i];
        CAPTURE(q.id);
        CAPTURE(q.prompt);
        CHECK(q.kind == "choice");
        CHECK(q.category == original.category);
        CHECK(q.explanation == original.explanation); // the reveal shows it whole
        CHECK(q.prompt == game::mask_concept(original.explanation, original.concept_term));
        CHECK_FALSE(contains_folded(q.prompt, original.concept_term));
        for (const auto& term : game::concept_terms(original.concept_term)) {
            CHECK_MESSAGE(!contains_word(q.prompt, term), "the prompt still says ", term);
        }
        masked += q.prompt != original.explanation ? 1 : 0;

        REQUIRE(q.choices.size() == 4);
        CHECK(std::set<std::string>(q.choices.begin(), q.choices.end()).size() == 4);
        CHECK(q.choices.at(q.answer.get<std::size_t>()) == original.concept_term);
        for (const auto& c : q.choices) {
            CHECK_MESSAGE(concepts[q.category].contains(c), "a concept of another category: ", c);
        }
        ++positions[q.answer.get<std::size_t>()];
    }
    // The concept is named in the explanation of most questions (not in the
    // scenario and coding ones, whose concepts are descriptions).
    CHECK(masked >= 85);
    // The right answer is not always in the same place.
    for (std::size_t p = 0; p < 4; ++p) {
        CHECK(positions[p] >= 10);
    }
}

TEST_CASE("formats are deterministic") {
    const game::deck bank = load_bank();
    for (const auto format : {game::format_best_answer, game::format_concept, game::format_open}) {
        const auto a = std::get<game::deck>(game::apply_format(bank, format));
        const auto b = std::get<game::deck>(game::apply_format(bank, format));
        for (std::size_t i = 0; i < a.questions.size(); ++i) {
            CHECK(a.questions[i].prompt == b.questions[i].prompt);
            CHECK(a.questions[i].choices == b.questions[i].choices);
            CHECK(a.questions[i].answer == b.questions[i].answer);
        }
    }
    // A fixed example, so that a change of the placement rule is noticed.
    const auto concept_deck = std::get<game::deck>(game::apply_format(bank, game::format_concept));
    const auto& trie = by_id(concept_deck, "q006");
    CHECK(trie.prompt.starts_with("A _____ stores strings as a tree where each node represents a "
                                  "character"));
    CHECK(trie.choices.at(trie.answer.get<std::size_t>()) == "Trie (prefix tree)");
}

} // namespace quizroom::import_test
