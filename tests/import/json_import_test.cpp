// JSON decks through the import path (what POST /api/quizzes does with a
// JSON body), and the store's record of an uploaded deck.

#include "import_test_support.hpp"

#include "store/memory_store.hpp"

#include <doctest/doctest.h>

namespace quizroom::import_test {
namespace {

using importer::problem;

} // namespace

TEST_CASE("a JSON deck is validated by the deck loader; its problems have no line") {
    CHECK(expect_problems(import_sample("json/duplicate-question-id.json")) ==
          std::vector<problem>{{0, "question q1: field id: is used by an earlier question too"}});
}

TEST_CASE("JSON that does not parse is refused with the line of the mistake") {
    const auto problems = expect_problems(import_sample("json/trailing-comma.json"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].line == 6);
    CHECK(problems[0].message.starts_with("not valid JSON: syntax error while parsing value"));
    CHECK(expect_problems(importer::import_json("", {})).at(0).line == 1);
}

TEST_CASE("the bank imports as JSON as it loads, and an id or title given replaces its own") {
    const std::string text = read_file(quizzes_path("backend-interview.json"));
    const auto same = expect_deck(importer::import_json(text, {}));
    CHECK(same.deck.id == "backend-interview");
    CHECK(same.deck.questions.size() == 100);
    CHECK(same.json == nlohmann::ordered_json::parse(text));

    const auto renamed = expect_deck(importer::import_json(text, {"interview-2", "Again", ""}));
    CHECK(renamed.deck.id == "interview-2");
    CHECK(renamed.deck.title == "Again");
    CHECK(renamed.json["id"] == "interview-2");
}

TEST_CASE("formats and extensions") {
    using importer::format;
    CHECK(importer::parse_format("md") == format::markdown);
    CHECK(importer::parse_format("gift") == format::gift);
    CHECK_FALSE(importer::parse_format("xlsx").has_value());
    CHECK(importer::format_for_file("Quiz.CSV") == format::csv);
    CHECK(importer::format_for_file("moodle-export.txt") == format::gift);
    CHECK(importer::format_for_file("notes.markdown") == format::markdown);
    CHECK_FALSE(importer::format_for_file("README").has_value());
    CHECK(importer::describe({4, "bad"}) == "line 4: bad");
    CHECK(importer::describe({0, "bad"}) == "bad");
}

TEST_CASE("the memory store keeps an uploaded deck's JSON text") {
    store::memory_store s;
    bool stored = false;
    s.commit({game::deck_record{"week-3", R"({"id":"week-3"})"}},
             [&](bool durable) { stored = durable; });
    CHECK(stored);
    CHECK(s.deck("week-3") == std::optional<std::string>(R"({"id":"week-3"})"));
    CHECK_FALSE(s.deck("week-4").has_value());
}

TEST_CASE("an id or title that is not UTF-8 is refused, not written into the deck") {
    const std::string text = read_file(data_path("decks/mini.json"));
    CHECK(expect_problems(importer::import_json(text, {"mini\xFF", "", ""})) ==
          std::vector<problem>{{0, "the id is not valid UTF-8"}});
    CHECK(expect_problems(importer::import_json(text, {"", "\xED\xA0\x80", ""})) ==
          std::vector<problem>{{0, "the title is not valid UTF-8"}});
}

} // namespace quizroom::import_test
