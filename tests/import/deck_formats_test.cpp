// Deck formats (options.format): masking, when a format is offered, and how
// a room's settings use one.

#include "import_test_support.hpp"

#include "game/deck_formats.hpp"
#include "game/deck_loader.hpp"
#include "game/room_settings.hpp"

#include <doctest/doctest.h>

namespace quizroom::import_test {
namespace {

game::question make_question(std::string id, std::string category, std::string concept_term,
                             std::string summary) {
    game::question q;
    q.id = std::move(id);
    q.category = std::move(category);
    q.kind = "text";
    q.prompt = "Name it: " + q.id;
    q.accepted = {"it"};
    q.explanation = "The " + concept_term + " is explained here.";
    q.concept_term = std::move(concept_term);
    q.summary = std::move(summary);
    return q;
}

/// Four text questions in one category, with concepts and summaries.
game::deck small_deck() {
    game::deck d;
    d.id = "small";
    d.title = "Small";
    d.questions = {make_question("a", "Cat", "Alpha", "First letter."),
                   make_question("b", "Cat", "Beta", "Second letter."),
                   make_question("c", "Cat", "Gamma", "Third letter."),
                   make_question("d", "Cat", "Delta", "Fourth letter.")};
    return d;
}

std::string format_error(const game::deck& d, std::string_view format) {
    auto r = game::apply_format(d, format);
    REQUIRE(std::holds_alternative<std::string>(r));
    return std::get<std::string>(r);
}

} // namespace

TEST_CASE("masking: every occurrence, any case, plurals, whole words only") {
    using game::mask_concept;
    CHECK(mask_concept("A graph is nodes and edges, as in social graphs.", "Graph") ==
          "A _____ is nodes and edges, as in social _____.");
    CHECK(mask_concept("GRAPH, Graph, graph", "graph") == "_____, _____, _____");
    CHECK(mask_concept("Retrieval uses a trie; tries are trees.", "Trie") ==
          "Retrieval uses a _____; _____ are trees.");
    CHECK(mask_concept("Mutexes are simple; a mutex locks.", "Mutex") ==
          "_____ are simple; a _____ locks.");
    CHECK(mask_concept("Two proxies and one proxy.", "Proxy") == "Two _____ and one _____.");
    CHECK(mask_concept("Nothing to see.", "Graph") == "Nothing to see.");
    CHECK(mask_concept("", "Graph").empty());
}

TEST_CASE("masking: `A vs. B` masks both sides, `Name (ABBR)` both spellings") {
    using game::mask_concept;
    CHECK(mask_concept("A mutex locks; a semaphore counts. Semaphores allow many.",
                       "Mutex vs. semaphore") ==
          "A _____ locks; a _____ counts. _____ allow many.");
    CHECK(mask_concept("A CDN caches content; CDNs like Cloudflare. A content delivery network "
                       "is fast.",
                       "Content delivery network (CDN)") ==
          "A _____ caches content; _____ like Cloudflare. A _____ is fast.");
    CHECK(mask_concept("Cross-Site Scripting (XSS) injects scripts.",
                       "Cross-site scripting (XSS)") == "_____ injects scripts.");
    CHECK(game::concept_terms("Binary tree vs. binary search tree (BST)") ==
          std::vector<std::string>{"Binary tree vs. binary search tree (BST)",
                                   "binary search tree (BST)", "binary search tree", "Binary tree",
                                   "BST"});
    CHECK(game::concept_terms("Trie") == std::vector<std::string>{"Trie"});
    CHECK(game::concept_terms("  ").empty());
}

TEST_CASE("a format is offered only when every question has what it needs") {
    game::deck d = small_deck();
    CHECK(game::offered_formats(d) == std::vector<std::string>{"best_answer", "concept"});

    SUBCASE("a question without a concept") {
        d.questions[2].concept_term.clear();
        CHECK(game::offered_formats(d) == std::vector<std::string>{"best_answer"});
        CHECK(format_error(d, "concept") ==
              "deck `small` offers no format `concept`: question `c` has no concept");
    }
    SUBCASE("a question without a summary") {
        d.questions[0].summary = "  ";
        CHECK(game::offered_formats(d) == std::vector<std::string>{"concept"});
        CHECK(format_error(d, "best_answer") ==
              "deck `small` offers no format `best_answer`: question `a` has no summary");
    }
    SUBCASE("a question without an explanation to mask") {
        d.questions[1].explanation.clear();
        CHECK(format_error(d, "concept") == "deck `small` offers no format `concept`: question "
                                            "`b` has no explanation to mask");
    }
    SUBCASE("a category with too few distinct concepts to choose from") {
        d.questions[3].concept_term = "alpha"; // the same as the first, in another case
        CHECK(format_error(d, "concept") == "deck `small` offers no format `concept`: category "
                                            "`Cat` has fewer than 4 distinct concepts");
        d.questions.pop_back();
        CHECK(game::offered_formats(d).empty());
    }
    SUBCASE("open needs keywords in every question") {
        CHECK(format_error(d, "open") ==
              "deck `small` offers no format `open`: question `a` has no keywords");
        for (auto& q : d.questions) {
            q.keywords = {{"letter"}};
        }
        CHECK(game::offered_formats(d) ==
              std::vector<std::string>{"best_answer", "concept", "open"});
        d.questions[1].keywords = {{"letter"}, {"--"}};
        CHECK(game::offered_formats(d) == std::vector<std::string>{"best_answer", "concept"});
        CHECK(format_error(d, "open") ==
              "deck `small` offers no format `open`: question `b`: keyword `--` has no letters "
              "or digits to look for");
    }
    SUBCASE("formats that do not exist") {
        CHECK(format_error(d, "quiz") ==
              "there is no format `quiz` (known: best_answer, concept, open)");
    }
}

TEST_CASE("best_answer builds choices for questions not already in that form") {
    auto r = game::apply_format(small_deck(), game::format_best_answer);
    REQUIRE(std::holds_alternative<game::deck>(r));
    for (const auto& q : std::get<game::deck>(r).questions) {
        CAPTURE(q.id);
        CHECK(q.kind == "choice");
        CHECK(q.accepted.empty());
        REQUIRE(q.choices.size() == 4);
        CHECK(q.choices.at(q.answer.get<std::size_t>()) == q.summary);
        CHECK(q.prompt == "Name it: " + q.id);
    }
    // The result is a deck the loader accepts.
    auto d = std::get<game::deck>(r);
    nlohmann::json j = {{"id", d.id}, {"title", d.title}, {"questions", nlohmann::json::array()}};
    for (const auto& q : d.questions) {
        j["questions"].push_back({{"id", q.id},
                                  {"kind", q.kind},
                                  {"prompt", q.prompt},
                                  {"choices", q.choices},
                                  {"answer", q.answer}});
    }
    CHECK(std::holds_alternative<game::deck>(game::load_deck(j.dump(), "formatted")));
}

TEST_CASE("a room plays the format the host asks for, with the other options on top") {
    const game::deck bank = load_bank();
    protocol::create_options o;
    o.format = "concept";
    o.categories = std::vector<std::string>{"Databases"};
    o.count = 3;
    auto s = game::make_room_settings(bank, o, 42);
    REQUIRE(std::holds_alternative<game::room_settings>(s));
    const auto& settings = std::get<game::room_settings>(s);
    CHECK(settings.quiz_id == "backend-interview");
    CHECK(settings.options["format"] == "concept");
    REQUIRE(settings.questions.size() == 3);
    for (const auto& q : settings.questions) {
        CHECK(q.category == "Databases");
        CHECK(q.prompt == game::mask_concept(q.explanation, q.concept_term));
        CHECK(q.choices.at(q.answer.get<std::size_t>()) == q.concept_term);
    }

    SUBCASE("a format the deck does not offer is refused, naming it") {
        auto mini = game::load_deck_file(data_path("decks/mini.json"));
        REQUIRE(std::holds_alternative<game::deck>(mini));
        protocol::create_options best;
        best.format = "best_answer";
        auto refused = game::make_room_settings(std::get<game::deck>(mini), best, 1);
        REQUIRE(std::holds_alternative<protocol::protocol_error>(refused));
        const auto& e = std::get<protocol::protocol_error>(refused);
        CHECK(e.code == protocol::error::bad_message);
        CHECK(e.message.starts_with("options.format: deck `mini` offers no format `best_answer`"));
    }
    SUBCASE("open: the categories asked for, as open questions with their keywords") {
        protocol::create_options open;
        open.format = "open";
        open.categories = std::vector<std::string>{"Security", "Networking"};
        open.count = 4;
        auto played = game::make_room_settings(bank, open, 7);
        REQUIRE(std::holds_alternative<game::room_settings>(played));
        const auto& questions = std::get<game::room_settings>(played).questions;
        REQUIRE(questions.size() == 4);
        for (const auto& q : questions) {
            CAPTURE(q.id);
            CHECK(q.kind == "open");
            CHECK((q.category == "Security" || q.category == "Networking"));
            CHECK(q.keywords.size() >= 3);
            CHECK(q.choices.empty());
        }
    }
    SUBCASE("without a format the deck plays as it is") {
        auto plain = game::make_room_settings(bank, {}, 1);
        REQUIRE(std::holds_alternative<game::room_settings>(plain));
        CHECK(std::get<game::room_settings>(plain).questions.front().prompt ==
              bank.questions.front().prompt);
    }
}

} // namespace quizroom::import_test
