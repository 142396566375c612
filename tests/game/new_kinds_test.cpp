// The kinds `order`, `number` and `open`, and how `open` matches key terms
// (kinds_test.cpp has the others).

#include "game/deck_loader.hpp"
#include "game/kinds/key_terms.hpp"
#include "game/question_kind.hpp"
#include "tests/game/fixtures.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace quizroom::game;
namespace protocol = quizroom::protocol;
using nlohmann::json;
using quizroom::game_tests::kind;

namespace {

question order_question() {
    question q;
    q.id = "o";
    q.kind = "order";
    q.prompt = "From the Sun outwards";
    q.choices = {"Earth", "Mars", "Mercury"};
    q.answer = json::array({2, 0, 1});
    return q;
}

question number_question(json answer, std::optional<double> tolerance) {
    question q;
    q.id = "n";
    q.kind = "number";
    q.prompt = "How many?";
    q.answer = std::move(answer);
    q.tolerance = tolerance;
    return q;
}

question open_question() {
    question q;
    q.id = "op";
    q.kind = "open";
    q.prompt = "How does a hash map work?";
    q.keywords = {{"hash map", "hash table"}, {"collision"}, {"O(1)"}, {"load factor"}};
    return q;
}

protocol::answer_value choice(int i) {
    return protocol::choice_answer{i};
}
protocol::answer_value text(std::string s) {
    return protocol::text_answer{std::move(s)};
}
protocol::answer_value order(std::vector<int> v) {
    return protocol::order_answer{std::move(v)};
}
protocol::answer_value value(double v) {
    return protocol::value_answer{v};
}

std::vector<std::string> fields(const std::vector<field_problem>& problems) {
    std::vector<std::string> out;
    for (const auto& p : problems) {
        out.push_back(p.field);
    }
    return out;
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

/// tests/data/key_terms.json: the examples the browser client's tests share.
json key_term_examples() {
    std::ifstream in(std::string(QUIZROOM_TEST_DECKS) + "/../key_terms.json");
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str());
}

} // namespace

// ---- order --------------------------------------------------------------------

TEST_CASE("order: check wants `order`, a permutation of the choices' indices") {
    const auto& k = kind("order");
    const question q = order_question();
    CHECK_FALSE(k.check(q, order({2, 0, 1})).has_value());
    CHECK_FALSE(k.check(q, order({0, 1, 2})).has_value());
    CHECK(k.check(q, order({2, 0})).has_value());       // too short
    CHECK(k.check(q, order({2, 0, 1, 3})).has_value()); // too long
    CHECK(k.check(q, order({2, 2, 1})).has_value());    // twice
    CHECK(k.check(q, order({3, 0, 1})).has_value());    // out of range
    CHECK(k.check(q, order({-1, 0, 1})).has_value());   // negative
    CHECK(k.check(q, order({})).has_value());
    CHECK(k.check(q, choice(2)).has_value());
    CHECK(k.check(q, text("Mercury, Earth, Mars")).has_value());
    CHECK(k.check(q, value(201)).has_value());
}

TEST_CASE("order: full credit when exact, else the fraction of items in place") {
    const auto& k = kind("order");
    const question q = order_question(); // Mercury (2), Earth (0), Mars (1)
    struct row {
        std::vector<int> given;
        double credit;
    };
    const std::vector<row> table = {
        {{2, 0, 1}, 1.0},       // exact
        {{2, 1, 0}, 1.0 / 3.0}, // Mercury in place
        {{1, 0, 2}, 1.0 / 3.0}, // Earth in place
        {{0, 1, 2}, 0.0},       // the order shown: nothing in place
        {{1, 2, 0}, 0.0},
    };
    for (const auto& r : table) {
        CAPTURE(json(r.given).dump());
        CHECK(k.credit(q, order(r.given)) == doctest::Approx(r.credit));
    }
    question five = order_question();
    five.choices = {"a", "b", "c", "d", "e"};
    five.answer = json::array({4, 3, 2, 1, 0});
    CHECK(k.credit(five, order({4, 3, 2, 0, 1})) == doctest::Approx(0.6));

    CHECK(k.correct(q) == json{{"order", {2, 0, 1}}});
    CHECK(k.shown_choices(q) == q.choices);
    CHECK_FALSE(k.has_distribution());
    CHECK(k.scored());
}

TEST_CASE("order: deck validation names the field") {
    const auto& k = kind("order");
    CHECK(k.validate(order_question()).empty());
    const std::vector<json> bad_answers = {
        json(),                       // missing
        json::array({2, 0}),          // not every choice
        json::array({2, 0, 1, 1}),    // one twice, too long
        json::array({2, 2, 1}),       // one twice
        json::array({3, 0, 1}),       // out of range
        json::array({-1, 0, 1}),      // negative
        json::array({"2", "0", "1"}), // not indices
        json::array({2.0, 0, 1}),     // not whole numbers as written
        json(2),
        json::array({0, 1, 2}), // the order the choices are shown in gives it away
    };
    for (const auto& a : bad_answers) {
        CAPTURE(a.dump());
        question q = order_question();
        q.answer = a;
        CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    }
    question one = order_question();
    one.choices = {"only"};
    one.answer = json::array({0});
    CHECK(fields(k.validate(one)) == std::vector<std::string>{"choices", "answer"});
}

// ---- number -------------------------------------------------------------------

TEST_CASE("number: check wants a finite `value`") {
    const auto& k = kind("number");
    const question q = number_question(42, 2.0);
    CHECK_FALSE(k.check(q, value(42)).has_value());
    CHECK_FALSE(k.check(q, value(-1e300)).has_value());
    CHECK(k.check(q, value(std::numeric_limits<double>::quiet_NaN())).has_value());
    CHECK(k.check(q, value(std::numeric_limits<double>::infinity())).has_value());
    CHECK(k.check(q, choice(42)).has_value());
    CHECK(k.check(q, text("42")).has_value());
    CHECK(k.check(q, order({0})).has_value());
    CHECK_FALSE(k.shown_choices(q).has_value());
    CHECK_FALSE(k.has_distribution());
}

TEST_CASE("number: full credit within the tolerance, linear to 0 at twice it") {
    const auto& k = kind("number");
    const question q = number_question(42, 2.0);
    struct row {
        double given;
        double credit;
    };
    const std::vector<row> table = {
        {42, 1.0}, {43.5, 1.0},  {44, 1.0}, {40, 1.0}, {44.5, 0.75}, {45, 0.5},
        {39, 0.5}, {45.5, 0.25}, {46, 0.0}, {38, 0.0}, {100, 0.0},   {-42, 0.0},
    };
    for (const auto& r : table) {
        CAPTURE(r.given);
        CHECK(k.credit(q, value(r.given)) == doctest::Approx(r.credit));
    }
    CHECK(k.correct(q) == json{{"value", 42}, {"tolerance", 2}});
    CHECK(k.correct(q).dump() == R"({"tolerance":2,"value":42})");
}

TEST_CASE("number: a decimal at the edge of its tolerance gets full credit") {
    const auto& k = kind("number");
    const question pi = number_question(3.14, 0.005);
    // 3.145 - 3.14 is 0.00500000000000034 in binary floating point.
    CHECK(k.credit(pi, value(3.145)) == 1.0);
    CHECK(k.credit(pi, value(3.135)) == 1.0);
    CHECK(k.credit(pi, value(3.1475)) == doctest::Approx(0.5));
    CHECK(k.credit(pi, value(3.15)) == 0.0);
    CHECK(k.correct(pi) == json{{"value", 3.14}, {"tolerance", 0.005}});
}

TEST_CASE("number: with no tolerance, only the exact value scores") {
    const auto& k = kind("number");
    for (const std::optional<double> tolerance : {std::optional<double>{}, std::optional{0.0}}) {
        const question q = number_question(1822, tolerance);
        CHECK(k.credit(q, value(1822)) == 1.0);
        CHECK(k.credit(q, value(1822.0000001)) == 0.0);
        CHECK(k.credit(q, value(1821)) == 0.0);
        CHECK(k.correct(q) == json{{"value", 1822}, {"tolerance", 0}});
    }
    const question tenth = number_question(0.1, std::nullopt);
    CHECK(k.credit(tenth, value(0.1)) == 1.0);
}

TEST_CASE("number: deck validation names the field") {
    const auto& k = kind("number");
    CHECK(k.validate(number_question(42, 2.0)).empty());
    CHECK(k.validate(number_question(-0.5, std::nullopt)).empty());
    for (const json& a : {json(), json("42"), json(true), json::array({42})}) {
        CAPTURE(a.dump());
        CHECK(fields(k.validate(number_question(a, 1.0))) == std::vector<std::string>{"answer"});
    }
    question with_choices = number_question(42, 2.0);
    with_choices.choices = {"41", "42"};
    CHECK(fields(k.validate(with_choices)) == std::vector<std::string>{"choices"});
}

// ---- open ---------------------------------------------------------------------

TEST_CASE("open: check wants `text` of at most 2,000 characters (code points, not bytes)") {
    const auto& k = kind("open");
    const question q = open_question();
    CHECK(protocol::max_open_text_chars == 2000);
    CHECK_FALSE(k.check(q, text("")).has_value());
    CHECK_FALSE(k.check(q, text(std::string(2000, 'a'))).has_value());
    CHECK(k.check(q, text(std::string(2001, 'a'))).has_value());
    CHECK_FALSE(k.check(q, text(repeat("é", 2000))).has_value()); // 4,000 bytes
    CHECK(k.check(q, text(repeat("é", 2001))).has_value());
    CHECK(k.check(q, choice(0)).has_value());
    CHECK(k.check(q, order({0})).has_value());
    CHECK(k.check(q, value(1)).has_value());
    // The text kind keeps its own 200.
    question short_text;
    short_text.kind = "text";
    short_text.accepted = {"x"};
    CHECK(kind("text").check(short_text, text(std::string(201, 'a'))).has_value());
}

TEST_CASE("open: credit is the fraction of keywords covered") {
    const auto& k = kind("open");
    const question q = open_question();
    CHECK(k.credit(q, text("A hash table resolves collisions in O(1) time, until its load factor "
                           "grows.")) == 1.0);
    CHECK(k.credit(q, text("A hash table resolves collisions and averages O(1) lookups.")) ==
          doctest::Approx(0.75));
    CHECK(k.credit(q, text("hash maps")) == doctest::Approx(0.25));
    CHECK(k.credit(q, text("I do not know.")) == 0.0);
    CHECK(k.credit(q, text("")) == 0.0);
    // A keyword written twice counts once.
    CHECK(k.credit(q, text("collision collision collision")) == doctest::Approx(0.25));
    CHECK_FALSE(k.shown_choices(q).has_value());
    CHECK_FALSE(k.has_distribution());
    CHECK(k.scored());
}

TEST_CASE("open: synonyms, phrases, stemming, punctuation and Unicode case folding") {
    const auto& k = kind("open");
    question q = open_question();
    q.keywords = {{"hash map", "hash table"}};
    for (const char* covers :
         {"hash map", "Hash Tables", "HASH-MAP", "the hash\tmaps", "hash, map", "«hash» “table”"}) {
        CAPTURE(covers);
        CHECK(k.credit(q, text(covers)) == 1.0);
    }
    for (const char* misses : {"hashmap", "map hash", "hash of the map", "hash", "table"}) {
        CAPTURE(misses);
        CHECK(k.credit(q, text(misses)) == 0.0);
    }
    q.keywords = {{"caching"}, {"queries"}, {"Straße"}};
    CHECK(k.credit(q, text("cached query results on the STRASSE")) == 1.0);
    CHECK(k.credit(q, text("a cache for queried strasse data")) == 1.0);
    CHECK(k.credit(q, text("caution: quests on streets")) == 0.0);
}

TEST_CASE("open: reveal lists each keyword's first spelling, and the others beside it") {
    const auto& k = kind("open");
    CHECK(k.correct(open_question()) ==
          json::parse(R"j({"keywords": ["hash map", "collision", "O(1)", "load factor"],
                           "synonyms": [["hash table"], [], [], []]})j"));
}

TEST_CASE("open: deck validation names the field") {
    const auto& k = kind("open");
    CHECK(k.validate(open_question()).empty());
    question q = open_question();
    q.keywords.clear();
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"keywords"});
    q = open_question();
    q.keywords.push_back({"ok", "++"});
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"keywords"});
    q = open_question();
    q.choices = {"a", "b"};
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"choices"});
    q = open_question();
    q.answer = "hash map";
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
}

// ---- key terms ----------------------------------------------------------------

TEST_CASE("key terms: stems, words and coverage as the shared examples say") {
    const json examples = key_term_examples();
    for (const auto& [key, stem] : examples["stems"].items()) {
        // A copy: Clang 14 (the sanitizer builds) cannot capture a
        // structured binding in CAPTURE's lambda.
        const std::string word = key;
        CAPTURE(word);
        CHECK(kinds::stem(word) == stem.get<std::string>());
    }
    for (const auto& e : examples["stemmed_words"]) {
        CAPTURE(e["text"].get<std::string>());
        CHECK(kinds::stemmed_words(e["text"].get<std::string>()) ==
              e["words"].get<std::vector<std::string>>());
    }
    for (const auto& group : examples["covered"]) {
        std::vector<kinds::key_term> keywords;
        for (const auto& k : group["keywords"]) {
            keywords.push_back(k.is_string() ? kinds::key_term{k.get<std::string>()}
                                             : k.get<kinds::key_term>());
        }
        for (const auto& c : group["cases"]) {
            CAPTURE(c["text"].get<std::string>());
            CHECK(kinds::covered_terms(keywords, c["text"].get<std::string>()) ==
                  c["covered"].get<std::vector<bool>>());
        }
    }
}

TEST_CASE("key terms: covered_keywords names each covered keyword by its first spelling") {
    const std::vector<kinds::key_term> keywords = {
        {"hash map", "hash table"}, {"collision"}, {"load factor"}};
    CHECK(kinds::covered_keywords(keywords, "hash tables and load factors") ==
          std::vector<std::string>{"hash map", "load factor"});
    CHECK(kinds::covered_keywords(keywords, "").empty());
}

// ---- as a deck file has them ------------------------------------------------------

TEST_CASE("decks with the new kinds load, and their problems name question and field") {
    const std::string good = R"({"id": "new", "title": "New kinds", "questions": [
      {"id": "o", "kind": "order", "prompt": "Smallest first", "choices": ["10", "1", "5"],
       "answer": [1, 2, 0]},
      {"id": "n", "kind": "number", "prompt": "Six times seven", "answer": 42, "tolerance": 0.5},
      {"id": "x", "kind": "open", "prompt": "Explain RAII",
       "keywords": [["destructor", "dtor"], "scope"], "explanation": "Lifetime owns resources."}
    ]})";
    const auto loaded = load_deck(good, "new.json");
    REQUIRE(std::holds_alternative<deck>(loaded));
    const auto& qs = std::get<deck>(loaded).questions;
    CHECK(kind(qs[0].kind).credit(qs[0], order({1, 2, 0})) == 1.0);
    CHECK(kind(qs[1].kind).credit(qs[1], value(42.25)) == 1.0);
    CHECK(kind(qs[2].kind).credit(qs[2], text("The dtor runs at the end of the scope.")) == 1.0);

    const std::string bad = R"({"id": "new", "title": "New kinds", "questions": [
      {"id": "o", "kind": "order", "prompt": "Smallest first", "choices": ["10", "1", "5"],
       "answer": [1, 2]},
      {"id": "n", "kind": "number", "prompt": "Six times seven", "answer": "42"},
      {"id": "x", "kind": "open", "prompt": "Explain RAII", "keywords": []}
    ]})";
    const auto refused = load_deck(bad, "bad.json");
    REQUIRE(std::holds_alternative<std::vector<deck_problem>>(refused));
    const auto& problems = std::get<std::vector<deck_problem>>(refused);
    REQUIRE(problems.size() == 3);
    CHECK(problems[0].question == "o");
    CHECK(problems[0].field == "answer");
    CHECK(problems[1].question == "n");
    CHECK(problems[1].field == "answer");
    CHECK(problems[2].question == "x");
    CHECK(problems[2].field == "keywords");
    CHECK(problems[2].describe() ==
          "bad.json: question x: field keywords: an open question needs at least one keyword");
}
