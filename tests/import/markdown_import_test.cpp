// Markdown Q&A in the seed's format.

#include "import_test_support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <set>

namespace quizroom::import_test {
namespace {

using importer::problem;

importer::result import_markdown(std::string_view text, importer::options o = {}) {
    return importer::import_markdown(text, o);
}

std::string first_sentence_of(const std::string& explanation) {
    // The sample explanations below have no abbreviations: the first ". " ends it.
    const auto end = explanation.find(". ");
    return end == std::string::npos ? explanation : explanation.substr(0, end + 1);
}

} // namespace

TEST_CASE("the seed imports unchanged into the bank's 100 questions and 19 categories") {
    const std::string seed = read_file(quizzes_path("source/backend-interview.md"));
    const auto imported = expect_deck(import_markdown(seed, {"", "", "backend-interview"}));
    const auto& d = imported.deck;
    const game::deck bank = load_bank();

    CHECK(d.id == "backend-interview");
    CHECK(d.title == "100 Most Asked Backend Development Interview Questions with Detailed "
                     "Explanations");
    CHECK(d.source == bank.source);
    REQUIRE(d.questions.size() == 100);
    CHECK(d.categories() == bank.categories());
    CHECK(d.categories().size() == 19);
    for (std::size_t i = 0; i < d.questions.size(); ++i) {
        const auto& q = d.questions[i];
        const auto& b = bank.questions[i];
        CAPTURE(b.id);
        CHECK(q.id == b.id);
        CHECK(q.prompt == b.prompt);
        CHECK(q.explanation == b.explanation);
        CHECK(q.category == b.category);
        CHECK(q.kind == "choice");
        CHECK(q.time_limit_s == 30);
    }
}

TEST_CASE("imported Markdown questions choose among first sentences of the same category") {
    const std::string seed = read_file(quizzes_path("source/backend-interview.md"));
    const auto d = expect_deck(import_markdown(seed)).deck;
    std::map<std::string, std::set<std::string>> firsts; // category -> first sentences
    for (const auto& q : d.questions) {
        firsts[q.category].insert(q.choices.at(q.answer.get<std::size_t>()));
    }
    for (const auto& q : d.questions) {
        CAPTURE(q.id);
        REQUIRE(q.choices.size() == 4);
        CHECK(std::set<std::string>(q.choices.begin(), q.choices.end()).size() == 4);
        const std::string& right = q.choices.at(q.answer.get<std::size_t>());
        // The right choice opens the question's own explanation and is one sentence.
        CHECK(q.explanation.starts_with(right));
        CHECK((right.ends_with(".") || right.ends_with("!") || right.ends_with("?") ||
               right == q.explanation));
        for (const auto& c : q.choices) {
            CHECK_MESSAGE(firsts[q.category].contains(c), "a choice from another category: ", c);
        }
    }
    // Sentences end at ". X", not at "e.g." or inside `code`.
    const auto& q085 = d.questions.at(84);
    CHECK(q085.choices.at(q085.answer.get<std::size_t>()) ==
          "Use a regular expression (e.g., `/^[\\w-\\.]+@([\\w-]+\\.)+[\\w-]{2,4}$/`) to validate "
          "email format.");
    // Without a name or id, the deck id comes from the `# ` title.
    CHECK(d.id == "100-most-asked-backend-development-interview-questions-with");
    CHECK(d.id.size() <= 64);
}

TEST_CASE("a study group's Markdown notes: categories, multi-line explanations, stray text") {
    const auto imported = expect_deck(import_sample("markdown/week-4-databases.md"));
    const auto& d = imported.deck;
    CHECK(d.id == "week-4-databases");
    CHECK(d.title == "Week 4: Databases, study questions");
    CHECK(d.description == "Imported from Markdown Q&A.");
    CHECK(d.categories() == std::vector<std::string>{"Keys and constraints", "Transactions"});
    REQUIRE(d.questions.size() == 6);

    const std::vector<std::pair<std::string, std::string>> expected = {
        {"What is a foreign key?",
         "A foreign key is a column that references the primary key of another table. It keeps "
         "the two tables consistent, which is called referential integrity."},
        {"What does a UNIQUE constraint do?",
         "It refuses a second row with the same value in the constrained columns. Unlike a "
         "primary key, it usually allows NULL values."},
        // `**Explanation:**` spelling, and a paragraph over three lines.
        {"Why index a foreign key column?",
         "Joins and cascading deletes look rows up by that column. Without an index, each lookup "
         "scans the whole child table, e.g. on every delete of a parent row."},
        {"What does the A in ACID stand for?",
         "Atomicity: a transaction happens completely or not at all. A crash half-way leaves no "
         "partial update behind."},
        // A numbered list inside an explanation belongs to it.
        {"What is a dirty read?",
         "Reading a row that another transaction changed but has not committed yet. The steps "
         "that lead to it: 1. transaction A updates a row; 2. transaction B reads it before A "
         "commits."},
        // After a `###` heading and its text: still in "Transactions".
        {"What is a deadlock?",
         "Two transactions each wait for a lock that the other one holds, so neither can go on. "
         "The database detects it and aborts one of them."},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& q = d.questions[i];
        CAPTURE(i);
        CHECK(q.id == "q00" + std::to_string(i + 1));
        CHECK(q.prompt == expected[i].first);
        CHECK(q.explanation == expected[i].second);
        CHECK(q.category == (i < 3 ? "Keys and constraints" : "Transactions"));
        REQUIRE(q.choices.size() == 4);
        CHECK(q.choices.at(q.answer.get<std::size_t>()) == first_sentence_of(expected[i].second));
        // Three questions a category: two distractors from it, one from the other.
        int same = 0;
        for (std::size_t c = 0; c < 4; ++c) {
            for (std::size_t j = 0; j < expected.size(); ++j) {
                if (j != i && q.choices[c] == first_sentence_of(expected[j].second) &&
                    (j < 3) == (i < 3)) {
                    ++same;
                }
            }
        }
        CHECK(same == 2);
    }
    // The deck file keeps the fields in the usual order.
    CHECK(imported.json.begin().key() == "id");
    CHECK(imported.json["questions"][0].begin().key() == "id");
}

TEST_CASE("CRLF line ends and a byte order mark change nothing") {
    const auto lf = expect_deck(import_sample("markdown/week-4-databases.md", {"same", "", ""}));
    const auto crlf =
        expect_deck(import_sample("markdown/week-4-databases-crlf-bom.md", {"same", "", ""}));
    CHECK(lf.json == crlf.json);
}

TEST_CASE("a broken Markdown file: every problem, by line, and no deck") {
    const auto problems = expect_problems(import_sample("markdown/broken.md"));
    const std::vector<problem> expected = {
        {3, "an **Explanation**: with no question before it"},
        {9, "a second **Explanation**: for the question on line 7"},
        {11, "the question has no **Explanation**: paragraph after it"},
        {13, "a numbered item that is not a question in bold (write it as `1. **Question?**`)"},
        {15, "the question's **Explanation**: is empty"},
    };
    CHECK(problems == expected);
}

TEST_CASE("Markdown without questions, or with too few to make choices") {
    CHECK(expect_problems(import_markdown("# Notes\n\nNothing here yet.\n")) ==
          std::vector<problem>{{0, "no questions found: each question is a numbered item in bold "
                                   "(`1. **Question?**`) followed by an `**Explanation**:` "
                                   "paragraph"}});
    CHECK(expect_problems(import_markdown("1. **Alone?**\n   **Explanation**: Yes.\n")) ==
          std::vector<problem>{{1, "one question is not enough: the choices of each question are "
                                   "taken from the explanations of the others"}});
    // Two questions are enough: one distractor each.
    const auto two = expect_deck(import_markdown(
        "1. **A?**\n**Explanation**: A is first.\n\n2. **B?**\n**Explanation**: B is second.\n"));
    CHECK(two.deck.questions.at(0).choices.size() == 2);
    CHECK(two.deck.questions.at(0).category == "General");
}

TEST_CASE("Markdown that is not UTF-8 is refused at its first bad byte's line") {
    // Found by the fuzzer (tests/fuzz/regressions/import-markdown).
    CHECK(expect_problems(import_markdown("1. **A?**\n**Explanation**: A is first.\n\n"
                                          "2. **B?**\n**Explanation**: B is s\xE9"
                                          "cond.\n")) ==
          std::vector<problem>{{5, "not valid UTF-8: save the file as UTF-8"}});
}

} // namespace quizroom::import_test
