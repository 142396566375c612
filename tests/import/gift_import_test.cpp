// Moodle GIFT.

#include "import_test_support.hpp"

#include <doctest/doctest.h>

namespace quizroom::import_test {
namespace {

using importer::problem;
using json = nlohmann::ordered_json;

} // namespace

TEST_CASE("a Moodle export: categories, comments, titles, every supported kind, escapes") {
    const auto imported = expect_deck(import_sample("gift/networking.gift"));
    CHECK(imported.deck.id == "networking");
    CHECK(imported.deck.description == "Imported from Moodle GIFT.");
    CHECK(imported.deck.categories() == std::vector<std::string>{"Networking", "Syntax"});
    const json expected = json::parse(R"([
      {"id": "tcp-handshake", "category": "Networking", "kind": "choice",
       "prompt": "How many packets does the TCP three-way handshake exchange?",
       "choices": ["2", "3", "4"], "answer": 1},
      {"id": "port-of-https", "category": "Networking", "kind": "text",
       "prompt": "Which port does HTTPS use by default?", "accepted": ["443", "port 443"]},
      {"id": "udp-is-connectionless", "category": "Networking", "kind": "truefalse",
       "prompt": "UDP sets up a connection before sending data.", "answer": false},
      {"id": "reliable-protocols", "category": "Networking", "kind": "multi",
       "prompt": "Which of these protocols are reliable?", "choices": ["TCP", "SCTP", "UDP"],
       "answer": [0, 1]},
      {"id": "escapes", "category": "Syntax", "kind": "choice",
       "prompt": "Which character opens a GIFT answer block: { or }?", "choices": ["{", "}", "="],
       "answer": 0},
      {"id": "missing-word", "category": "Syntax", "kind": "choice",
       "prompt": "The DNS maps _____ to IP addresses.", "choices": ["names", "ports", "cables"],
       "answer": 0},
      {"id": "q007", "category": "Syntax", "kind": "choice",
       "prompt": "What does the HTTP status code 418 mean in RFC 2324?",
       "choices": ["I'm a teapot", "Too many requests", "Payment required"], "answer": 0},
      {"id": "truth", "category": "Syntax", "kind": "truefalse",
       "prompt": "Is JSON a subset of JavaScript (since ES2019)?", "answer": true}
    ])");
    CHECK(imported.json["questions"] == expected);
}

TEST_CASE("GIFT with a BOM and CRLF line ends imports the same") {
    std::string text = read_file(data_path("import/gift/networking.gift"));
    std::string windows = "\xEF\xBB\xBF";
    for (const char c : text) {
        if (c == '\n') {
            windows += '\r';
        }
        windows += c;
    }
    CHECK(expect_deck(importer::import_gift(text, {"n", "", ""})).json ==
          expect_deck(importer::import_gift(windows, {"n", "", ""})).json);
}

TEST_CASE("a broken GIFT file: unsupported kinds are reported, never dropped") {
    const auto problems = expect_problems(import_sample("gift/broken.gift"));
    const std::vector<problem> expected = {
        {3, "numerical questions are not supported yet"},
        {5, "no right answer: mark it with = (or give it a positive %weight%)"},
        {7, "question id `capital` (from the title) is used by the question on line 5 too: "
            "titles must differ"},
        {9, "essay questions ({}) are not supported"},
        {11, "matching questions are not supported"},
        {13, "no answer block {...}: descriptions without answers are not supported"},
        {15, "the answer block `{` is not closed with `}`"},
    };
    CHECK(problems == expected);
}

TEST_CASE("GIFT details: feedback, weights, escapes in answers, text before the first answer") {
    const auto one = [](std::string_view text) {
        return expect_deck(importer::import_gift(text, {"g", "", ""})).json["questions"][0];
    };
    // Per-answer feedback and general feedback are dropped; `\#` stays a character.
    CHECK(one("Pick C\\#.{=C\\##Right! ~Java#No.####Both run on VMs.}")["choices"] ==
          json::array({"C#", "Java"}));
    // A short answer worth less than 100% is not accepted.
    CHECK(one("Capital of France?{=Paris =%50%paris city}")["accepted"] == json::array({"Paris"}));
    // `\n` is a line break in GIFT; shown as a space.
    CHECK(one("Line one\\nline two{T}")["prompt"] == "Line one line two");
    CHECK(one("::Q\\:1::Colon in the title{T}")["id"] == "q-1");
    CHECK(expect_problems(importer::import_gift("What?{right =wrong}", {})) ==
          std::vector<problem>{{1, "unexpected text `right` before the first answer (each answer "
                                   "starts with = or ~)"}});
    CHECK(expect_problems(importer::import_gift("What?{=only}\n\nAnd?{~a =}", {})) ==
          std::vector<problem>{{3, "answer 2 is empty"}});
    CHECK(expect_problems(importer::import_gift("// only a comment\n", {})) ==
          std::vector<problem>{{0, "no questions found"}});
}

} // namespace quizroom::import_test
