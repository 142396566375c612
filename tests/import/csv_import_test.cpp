// Kahoot-style spreadsheets saved as CSV.

#include "import_test_support.hpp"

#include <doctest/doctest.h>

namespace quizroom::import_test {
namespace {

using importer::problem;
using json = nlohmann::ordered_json;

std::string crlf(std::string text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n') {
            out += '\r';
        }
        out += c;
    }
    return out;
}

} // namespace

TEST_CASE("Kahoot's template saved as CSV: instructions above the header, quoting, empty rows") {
    const auto imported =
        expect_deck(import_sample("csv/kahoot-quiz.csv", {"", "HTTP basics", ""}));
    CHECK(imported.deck.id == "kahoot-quiz");
    CHECK(imported.deck.title == "HTTP basics");
    CHECK(imported.deck.description == "Imported from a Kahoot-style spreadsheet (CSV).");
    const json expected = json::parse(R"([
      {"id": "q001", "kind": "choice", "prompt": "Which HTTP status means \"Not Found\"?",
       "choices": ["200", "301", "404", "500"], "answer": 2, "time_limit_s": 20},
      {"id": "q002", "kind": "multi", "prompt": "Which of these HTTP methods are idempotent, by the spec?",
       "choices": ["GET", "POST", "PUT", "PATCH"], "answer": [0, 2], "time_limit_s": 30},
      {"id": "q003", "kind": "choice", "prompt": "In CSV, a field with a comma, like \"a, b\", is written how?",
       "choices": ["Inside double quotes: \"a, b\"", "With a backslash: a\\, b", "It cannot be"],
       "answer": 0, "time_limit_s": 20},
      {"id": "q004", "kind": "choice", "prompt": "A question that spans two lines",
       "choices": ["yes", "no"], "answer": 0, "time_limit_s": 10},
      {"id": "q005", "kind": "choice", "prompt": "What does TLS protect?",
       "choices": ["Data in transit", "Data at rest", "Both", "Neither"], "answer": 0, "time_limit_s": 60}
    ])");
    CHECK(imported.json["questions"] == expected);
    // Everything lands in one category.
    CHECK(imported.deck.categories() == std::vector<std::string>{"General"});
}

TEST_CASE("CRLF line ends change nothing, also inside a quoted field") {
    const std::string text = read_file(data_path("import/csv/kahoot-quiz.csv"));
    const auto lf = expect_deck(importer::import_csv(text, {"x", "", ""}));
    const auto windows = expect_deck(importer::import_csv(crlf(text), {"x", "", ""}));
    CHECK(lf.json == windows.json);
}

TEST_CASE("Excel with a European locale: UTF-8 with a BOM, CRLF, semicolons") {
    const auto imported = expect_deck(import_sample("csv/excel-semicolon-bom-crlf.csv"));
    const json expected = json::parse(R"([
      {"id": "q001", "kind": "choice", "prompt": "Quelle est la capitale de la France ?",
       "choices": ["Paris", "Lyon", "Marseille", "Lille"], "answer": 0, "time_limit_s": 20},
      {"id": "q002", "kind": "multi", "prompt": "Combien font 2,5 + 2,5 ?",
       "choices": ["4", "5", "5,0", "6"], "answer": [1, 2], "time_limit_s": 20},
      {"id": "q003", "kind": "multi", "prompt": "Wähle die Primzahlen",
       "choices": ["2", "4", "5", "9"], "answer": [0, 2], "time_limit_s": 30},
      {"id": "q004", "kind": "choice", "prompt": "Ligne avec \"guillemets\" et ; point-virgule",
       "choices": ["oui", "non"], "answer": 0, "time_limit_s": 10}
    ])");
    CHECK(imported.json["questions"] == expected);
}

TEST_CASE("a broken spreadsheet: every bad row, by the line it starts on, and no deck") {
    const auto problems = expect_problems(import_sample("csv/broken.csv"));
    const std::vector<problem> expected = {
        {2, "no correct answer: put the number of the right answer (1-4) in `Correct answer(s)`"},
        {3, "correct answer 5 is not a column: answers are 1-4"},
        {5, "correct answer 2 is an empty answer"},
        {6, "a question needs at least two answers, this one has 1"},
        {7, "the question is empty"},
        {8, "time limit `forever` is not a whole number of seconds from 1 to 3600"},
        {9, "correct answer `x` is not an answer number"},
    };
    CHECK(problems == expected);
}

TEST_CASE("broken quoting and a missing header are refused with their line") {
    CHECK(expect_problems(import_sample("csv/unclosed-quote.csv")) ==
          std::vector<problem>{
              {3, "a quoted field that starts on this line is not closed (a quote is missing)"}});
    CHECK(expect_problems(import_sample("csv/stray-quote.csv")) ==
          std::vector<problem>{{2, "text after the closing quote of a field (inside a quoted "
                                   "field, write a quote as two quotes \"\")"}});
    CHECK(expect_problems(import_sample("csv/no-header.csv")) ==
          std::vector<problem>{{1, "no header row: expected the columns Question, Answer 1, "
                                   "Answer 2, Answer 3, Answer 4, Time limit (sec), Correct "
                                   "answer(s)"}});
    CHECK(expect_problems(importer::import_csv("Question,Answer 1,Answer 2\nQ,a,b\n", {})) ==
          std::vector<problem>{{1, "the header has no `Correct answer(s)` column"}});
    CHECK(expect_problems(
              importer::import_csv("Question,Answer 1,Answer 2,Correct answer(s)\n\n,,,\n", {})) ==
          std::vector<problem>{{0, "no questions found"}});
}

TEST_CASE("at most 50 problems are listed, then how many more there are") {
    std::string text = "Question,Answer 1,Answer 2,Time limit (sec),Correct answer(s)\n";
    for (int i = 0; i < 60; ++i) {
        text += "Question " + std::to_string(i) + ",a,b,20,\n"; // no correct answer
    }
    const auto problems = expect_problems(importer::import_csv(text, {}));
    REQUIRE(problems.size() == importer::max_problems + 1);
    CHECK(problems.front().line == 2);
    CHECK(problems[49].line == 51);
    CHECK(problems.back() == problem{52, "and 10 more problems from this line on"});
}

TEST_CASE("defaults: a deck id from the content when there is no name, title or id") {
    const std::string text = "Question,Answer 1,Answer 2,Correct answer(s)\nIs this on?,yes,no,1\n";
    const auto a = expect_deck(importer::import_csv(text, {})).deck;
    CHECK(a.id.starts_with("csv-"));
    CHECK(a.id.size() == 12);
    CHECK(a.title == "Imported quiz");
    CHECK(a.questions.at(0).time_limit_s == 20); // no time limit column: Kahoot's default
    // The same file gets the same id (so uploading it twice is noticed).
    CHECK(expect_deck(importer::import_csv(text, {})).deck.id == a.id);
    // A title gives the id; an id wins over both.
    CHECK(expect_deck(importer::import_csv(text, {"", "Week 3: Quiz!", ""})).deck.id ==
          "week-3-quiz");
    CHECK(expect_deck(importer::import_csv(text, {"my-id", "Week 3", ""})).deck.id == "my-id");
    // An id that is not one is refused by the deck validator.
    CHECK(expect_problems(importer::import_csv(text, {"Bad Id", "", ""})) ==
          std::vector<problem>{{0, "deck id: must be 1-64 characters of a-z, 0-9, - and _"}});
}

TEST_CASE("a file that is not UTF-8 is refused at its first bad byte's line") {
    // Found by the fuzzer (tests/fuzz/regressions/import-csv): the deck's
    // JSON could not be written, and the exception escaped the importer.
    const std::string header = "Question,Answer 1,Answer 2,Correct answer(s)\n";
    const std::vector<problem> latin1{{3, "not valid UTF-8: save the file as UTF-8"}};
    CHECK(expect_problems(
              importer::import_csv(header + "Tea?,yes,no,1\nCaf\xE9?,yes,no,1\n", {})) == latin1);
    // Overlong forms, surrogates and bytes past U+10FFFF are not UTF-8 either.
    for (const std::string bad :
         {"\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF0\x9F\x98", "\xFF"}) {
        CHECK(expect_problems(importer::import_csv(header + "A?,b,c,1\n" + bad + ",b,c,1\n", {})) ==
              latin1);
    }
    CHECK(expect_deck(importer::import_csv(header + "\xF0\x9F\x98\x80 \xC3\xA9?,b,c,1\n", {}))
              .deck.questions.size() == 1);
    // The title and id of an upload are percent-decoded: any bytes.
    CHECK(expect_problems(importer::import_csv(header + "A?,b,c,1\n", {"", "Caf\xE9", ""})) ==
          std::vector<problem>{{0, "the title is not valid UTF-8"}});
}

} // namespace quizroom::import_test
