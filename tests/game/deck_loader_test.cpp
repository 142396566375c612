#include "game/deck_loader.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace quizroom::game;

namespace {

const std::filesystem::path decks_dir = QUIZROOM_TEST_DECKS;
const std::filesystem::path quizzes_dir = QUIZROOM_QUIZZES;

deck must_load(const deck_result& r) {
    if (const auto* problems = std::get_if<std::vector<deck_problem>>(&r)) {
        for (const auto& p : *problems) {
            MESSAGE(p.describe());
        }
        FAIL("the deck did not load");
    }
    return std::get<deck>(r);
}

std::vector<deck_problem> problems_of(const deck_result& r) {
    REQUIRE(std::holds_alternative<std::vector<deck_problem>>(r));
    return std::get<std::vector<deck_problem>>(r);
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

/// A deck of one question, given as the JSON text of that question.
std::string deck_with(const std::string& question_json) {
    return R"({"id": "t", "title": "T", "questions": [)" + question_json + "]}";
}

/// A fresh empty folder under the system temp folder, removed at scope end.
struct temp_folder {
    std::filesystem::path path;
    explicit temp_folder(const std::string& name)
        : path(std::filesystem::temp_directory_path() / name) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~temp_folder() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    void write(const std::string& file, const std::string& text) const {
        std::ofstream(path / file) << text;
    }
};

} // namespace

TEST_CASE("the bundled deck loads: 100 questions in 19 categories") {
    const deck d = must_load(load_deck_file(quizzes_dir / "backend-interview.json"));
    CHECK(d.id == "backend-interview");
    CHECK_FALSE(d.title.empty());
    CHECK(d.questions.size() == 100);
    const auto categories = d.categories();
    CHECK(categories.size() == 19);
    CHECK(categories.front() == "Programming Fundamentals");
    CHECK(categories.back() == "Miscellaneous");
    for (const auto& q : d.questions) {
        CAPTURE(q.id);
        CHECK(q.kind == "choice");
        CHECK(q.answer.is_number_integer());
        CHECK(q.answer.get<int>() >= 0);
        CHECK(q.answer.get<std::size_t>() < q.choices.size());
    }
}

TEST_CASE("the test decks load, with defaults and fields as written") {
    const deck mini = must_load(load_deck_file(decks_dir / "mini.json"));
    CHECK(mini.id == "mini");
    CHECK(mini.title == "Mini deck");
    REQUIRE(mini.questions.size() == 5);
    std::vector<std::string> kinds;
    for (const auto& q : mini.questions) {
        kinds.push_back(q.kind);
    }
    CHECK(kinds == std::vector<std::string>{"choice", "truefalse", "multi", "text", "poll"});
    CHECK(mini.categories() == std::vector<std::string>{"Geography", "Science"});
    CHECK(mini.questions[0].choices ==
          std::vector<std::string>{"Danube", "Nile", "Amazon", "Mekong"});
    CHECK(mini.questions[0].answer == 1);
    CHECK(mini.questions[1].answer == true);
    CHECK(mini.questions[2].answer == nlohmann::json::array({0, 2}));
    CHECK(mini.questions[3].accepted == std::vector<std::string>{"Paris", "City of Paris"});
    CHECK(mini.questions[4].answer.is_null());

    const deck three = must_load(load_deck_file(decks_dir / "three.json"));
    CHECK(three.id == "three");
    REQUIRE(three.questions.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(three.questions[static_cast<std::size_t>(i)].answer == i);
        CHECK(three.questions[static_cast<std::size_t>(i)].time_limit_s == 20);
        CHECK(three.questions[static_cast<std::size_t>(i)].points == 1000);
    }
}

TEST_CASE("a question without category, time limit or points gets the defaults") {
    const deck d = must_load(
        load_deck(deck_with(R"({"id": "a", "kind": "truefalse", "prompt": "P?", "answer": false})"),
                  "t.json"));
    REQUIRE(d.questions.size() == 1);
    CHECK(d.questions[0].category == "General");
    CHECK(d.questions[0].time_limit_s == 20);
    CHECK(d.questions[0].points == 1000);
}

TEST_CASE("bad-answer.json: names the file, question q2 and field answer") {
    const auto problems = problems_of(load_deck_file(decks_dir / "invalid" / "bad-answer.json"));
    REQUIRE(problems.size() == 1);
    const auto& p = problems[0];
    CHECK(ends_with(p.file, "invalid/bad-answer.json"));
    CHECK(p.question == "q2");
    CHECK(p.field == "answer");
    CHECK(p.message.find('7') != std::string::npos);
    CHECK(p.describe() == p.file + ": question q2: field answer: " + p.message);
}

TEST_CASE("duplicate-id.json: names the repeated id q1 and field id") {
    const auto problems = problems_of(load_deck_file(decks_dir / "invalid" / "duplicate-id.json"));
    REQUIRE(problems.size() == 1);
    CHECK(ends_with(problems[0].file, "invalid/duplicate-id.json"));
    CHECK(problems[0].question == "q1");
    CHECK(problems[0].field == "id");
}

TEST_CASE("missing-prompt.json: names question q1 and field prompt") {
    const auto problems =
        problems_of(load_deck_file(decks_dir / "invalid" / "missing-prompt.json"));
    REQUIRE(problems.size() == 1);
    CHECK(ends_with(problems[0].file, "invalid/missing-prompt.json"));
    CHECK(problems[0].question == "q1");
    CHECK(problems[0].field == "prompt");
    CHECK(problems[0].message == "is missing");
}

TEST_CASE("a folder load returns every problem of every file, in file order") {
    const auto result = load_deck_folder(decks_dir / "invalid");
    REQUIRE(std::holds_alternative<std::vector<deck_problem>>(result));
    const auto& problems = std::get<std::vector<deck_problem>>(result);
    REQUIRE(problems.size() == 3);
    CHECK(ends_with(problems[0].file, "bad-answer.json"));
    CHECK(problems[0].question == "q2");
    CHECK(problems[0].field == "answer");
    CHECK(ends_with(problems[1].file, "duplicate-id.json"));
    CHECK(problems[1].question == "q1");
    CHECK(problems[1].field == "id");
    CHECK(ends_with(problems[2].file, "missing-prompt.json"));
    CHECK(problems[2].question == "q1");
    CHECK(problems[2].field == "prompt");
}

TEST_CASE("a folder of good decks loads them sorted by file name, skipping subfolders") {
    const auto result = load_deck_folder(decks_dir);
    REQUIRE(std::holds_alternative<std::vector<deck>>(result));
    const auto& decks = std::get<std::vector<deck>>(result);
    REQUIRE(decks.size() == 2);
    CHECK(decks[0].id == "mini");
    CHECK(decks[1].id == "three");

    const auto quizzes = load_deck_folder(quizzes_dir);
    REQUIRE(std::holds_alternative<std::vector<deck>>(quizzes));
    REQUIRE(std::get<std::vector<deck>>(quizzes).size() == 1);
    CHECK(std::get<std::vector<deck>>(quizzes)[0].id == "backend-interview");
}

TEST_CASE("a folder with one bad deck among good ones fails as a whole, naming the bad one") {
    temp_folder dir("quizroom-deck-loader-mixed");
    dir.write("a.json",
              deck_with(R"({"id": "x", "kind": "truefalse", "prompt": "P", "answer": true})"));
    dir.write("b.json", "not json at all");
    dir.write("c.schema.json", R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})");
    dir.write("notes.txt", "ignored");
    const auto result = load_deck_folder(dir.path);
    REQUIRE(std::holds_alternative<std::vector<deck_problem>>(result));
    const auto& problems = std::get<std::vector<deck_problem>>(result);
    REQUIRE(problems.size() == 1);
    CHECK(ends_with(problems[0].file, "b.json"));
    CHECK(problems[0].message == "is not a JSON object");
}

TEST_CASE("two files with the same deck id: the second is named") {
    temp_folder dir("quizroom-deck-loader-same-id");
    const std::string text =
        deck_with(R"({"id": "x", "kind": "truefalse", "prompt": "P", "answer": true})");
    dir.write("one.json", text);
    dir.write("two.json", text);
    const auto result = load_deck_folder(dir.path);
    REQUIRE(std::holds_alternative<std::vector<deck_problem>>(result));
    const auto& problems = std::get<std::vector<deck_problem>>(result);
    REQUIRE(problems.size() == 1);
    CHECK(ends_with(problems[0].file, "two.json"));
    CHECK(problems[0].field == "id");
}

TEST_CASE("text that is not a JSON object is one problem naming the file") {
    for (const std::string text : {"", "not json", "{\"id\": ", "[1, 2, 3]", "\"deck\"", "42"}) {
        CAPTURE(text);
        const auto problems = problems_of(load_deck(text, "decks/broken.json"));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].file == "decks/broken.json");
        CHECK(problems[0].question.empty());
        CHECK(problems[0].field.empty());
        CHECK(problems[0].describe() == "decks/broken.json: is not a JSON object");
    }
}

TEST_CASE("a file that cannot be read is a problem, not a crash") {
    const auto problems = problems_of(load_deck_file(decks_dir / "no-such-deck.json"));
    REQUIRE(problems.size() == 1);
    CHECK(ends_with(problems[0].file, "no-such-deck.json"));
}

TEST_CASE("deck-level fields: id, title and questions are required and checked") {
    const auto problems = problems_of(load_deck(R"({"id": "Bad Id!", "questions": []})", "d.json"));
    std::vector<std::string> fields;
    for (const auto& p : problems) {
        CHECK(p.question.empty());
        fields.push_back(p.field);
    }
    CHECK(fields == std::vector<std::string>{"id", "title", "questions"});
}

TEST_CASE("every problem of a deck is reported at once, each with its question") {
    const std::string text = R"({"id": "t", "title": "T", "questions": [
        {"id": "a", "kind": "choice", "prompt": "P", "choices": ["x"], "answer": 0},
        {"kind": "riddle", "prompt": "P"},
        {"id": "c", "kind": "multi", "prompt": "P", "choices": ["x", "y"], "answer": [0, 0]},
        {"id": "d", "kind": "text", "prompt": "P", "accepted": []},
        {"id": "e", "kind": "poll", "prompt": "P", "choices": ["x", "y"], "answer": 1},
        {"id": "f", "kind": "truefalse", "prompt": "P", "answer": "yes", "time_limit_s": 0},
        {"id": "g", "kind": "choice", "prompt": "P", "choices": ["x", "y"], "answer": 1, "points": -5}
    ]})";
    const auto problems = problems_of(load_deck(text, "d.json"));
    std::vector<std::string> where;
    for (const auto& p : problems) {
        CHECK(p.file == "d.json");
        where.push_back(p.question + "." + p.field);
    }
    CHECK(where == std::vector<std::string>{
                       "a.choices",  // one choice is too few
                       "#2.id",      // no id: located by position
                       "#2.kind",    // unknown kind
                       "c.answer",   // index listed twice
                       "d.accepted", // no accepted answer
                       "e.answer",   // a poll has no answer
                       "f.time_limit_s",
                       "f.answer",
                       "g.points",
                   });
}
