// Moodle GIFT.

#include "import_test_support.hpp"

#include <doctest/doctest.h>

#include <optional>

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
      {"id": "ipv4-bits", "category": "Networking", "kind": "number",
       "prompt": "How many bits long is an IPv4 address?", "answer": 32},
      {"id": "ethernet-mtu", "category": "Networking", "kind": "number",
       "prompt": "What is the usual Ethernet MTU, in bytes?", "answer": 1500, "tolerance": 100},
      {"id": "escapes", "category": "Syntax", "kind": "choice",
       "prompt": "Which character opens a GIFT answer block: { or }?", "choices": ["{", "}", "="],
       "answer": 0},
      {"id": "missing-word", "category": "Syntax", "kind": "choice",
       "prompt": "The DNS maps _____ to IP addresses.", "choices": ["names", "ports", "cables"],
       "answer": 0},
      {"id": "q009", "category": "Syntax", "kind": "choice",
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
        {3, "numerical answer `3.14:a bit` is not a number (write 42, 3.14:0.01 or 1..2)"},
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

TEST_CASE("GIFT numerical questions become number questions") {
    const auto one = [](std::string_view text) {
        return expect_deck(importer::import_gift(text, {"g", "", ""})).json["questions"][0];
    };
    const auto number = [](double answer, std::optional<double> tolerance) {
        json j = {{"id", "q001"}, {"kind", "number"}, {"prompt", "How much?"}, {"answer", answer}};
        if (tolerance) {
            j["tolerance"] = *tolerance;
        }
        return j;
    };
    CHECK(one("How much?{#42}") == number(42, std::nullopt));
    CHECK(one("How much? {#3.14:0.005}") == number(3.14, 0.005));
    // A range plays as its middle, give or take half its width.
    CHECK(one("How much?{#3.141..3.142}") == number(3.1415, 0.0005));
    CHECK(one("How much?{#-5..5}") == number(0, 5));
    CHECK(one("How much?{# +1e3 }") == number(1000, std::nullopt));
    // Several answers: the one worth full marks; feedback is dropped.
    CHECK(one("How much?{#\n=1822:0#Right! =%50%1822:2#Close.}") == number(1822, std::nullopt));
    CHECK(one("How much?{#=%100%7:1 ~%50%7:3}") == number(7, 1));
    CHECK(one("How much?{#12:1#A dozen.####General feedback.}") == number(12, 1));
    // Whole numbers are written as integers.
    CHECK(one("How much?{#42}")["answer"].is_number_integer());
    CHECK(one("How much?{#2.5:0.5}")["answer"].is_number_float());

    const auto problem = [](std::string_view text) {
        const auto problems = expect_problems(importer::import_gift(text, {}));
        REQUIRE(problems.size() == 1);
        return problems.front().message;
    };
    CHECK(problem("How much?{#}") ==
          "numerical answer `` is not a number (write 42, 3.14:0.01 or 1..2)");
    CHECK(problem("How much?{#forty-two}") ==
          "numerical answer `forty-two` is not a number (write 42, 3.14:0.01 or 1..2)");
    CHECK(problem("How much?{#5..1}") == "numerical range `5..1` ends below where it starts");
    CHECK(problem("How much?{#5:-1}") == "numerical answer `5:-1` has a negative tolerance");
    CHECK(problem("How much?{#=%50%5:1}") ==
          "no numerical answer is worth full marks (=42 or =%100%42)");
    CHECK(problem("How much?{#=5 =6}") ==
          "a numerical question with several answers worth full marks is not supported");
}

TEST_CASE("GIFT that is not UTF-8 is refused at its first bad byte's line") {
    // Found by the fuzzer (tests/fuzz/regressions/import-gift).
    CHECK(expect_problems(importer::import_gift("::A::Tea? {T}\n\n::B::Caf\xE9? {F}\n", {})) ==
          std::vector<problem>{{3, "not valid UTF-8: save the file as UTF-8"}});
}

} // namespace quizroom::import_test
