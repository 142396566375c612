#include "game/deck_loader.hpp"
#include "game/question_kind.hpp"
#include "tests/game/fixtures.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace quizroom::game;
namespace protocol = quizroom::protocol;
using nlohmann::json;
using quizroom::game_tests::kind;

namespace {

question choice_question() {
    question q;
    q.id = "c";
    q.kind = "choice";
    q.prompt = "Which river flows through Cairo?";
    q.choices = {"Danube", "Nile", "Amazon", "Mekong"};
    q.answer = 1;
    return q;
}

question truefalse_question(bool answer) {
    question q;
    q.id = "tf";
    q.kind = "truefalse";
    q.prompt = "Water boils at 100 °C at sea level.";
    q.answer = answer;
    return q;
}

question multi_question() {
    question q;
    q.id = "m";
    q.kind = "multi";
    q.prompt = "Which of these are noble gases?";
    q.choices = {"Helium", "Oxygen", "Neon", "Nitrogen"};
    q.answer = json::array({0, 2});
    return q;
}

question text_question(std::vector<std::string> accepted) {
    question q;
    q.id = "t";
    q.kind = "text";
    q.prompt = "Name it";
    q.accepted = std::move(accepted);
    return q;
}

question poll_question() {
    question q;
    q.id = "p";
    q.kind = "poll";
    q.prompt = "Which continent would you most like to visit?";
    q.choices = {"Africa", "Asia", "South America"};
    return q;
}

protocol::answer_value choice(int i) {
    return protocol::choice_answer{i};
}
protocol::answer_value choices(std::vector<int> v) {
    return protocol::choices_answer{std::move(v)};
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

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

} // namespace

TEST_CASE("this build plays every kind of PROTOCOL.md; other names are unknown") {
    CHECK(kind_names() == std::vector<std::string_view>{"choice", "truefalse", "multi", "text",
                                                        "poll", "order", "number", "open"});
    for (auto name : kind_names()) {
        CHECK(kind(name).name() == name);
    }
    CHECK(find_kind("riddle") == nullptr);
    CHECK(find_kind("") == nullptr);
    CHECK(find_kind("Choice") == nullptr);
}

// ---- choice -------------------------------------------------------------------

TEST_CASE("choice: check accepts an index in range and refuses other fields or indices") {
    const auto& k = kind("choice");
    const question q = choice_question();
    for (int i = 0; i < 4; ++i) {
        CHECK_FALSE(k.check(q, choice(i)).has_value());
    }
    CHECK(k.check(q, choice(4)).has_value());
    CHECK(k.check(q, choice(-1)).has_value());
    CHECK(k.check(q, choices({1})).has_value());
    CHECK(k.check(q, text("Nile")).has_value());
    CHECK(k.check(q, order({1})).has_value());
    CHECK(k.check(q, value(1)).has_value());
}

TEST_CASE("choice: full credit for the right index only; reveal shape and distribution") {
    const auto& k = kind("choice");
    const question q = choice_question();
    CHECK(k.credit(q, choice(1)) == 1.0);
    CHECK(k.credit(q, choice(0)) == 0.0);
    CHECK(k.credit(q, choice(3)) == 0.0);
    CHECK(k.correct(q) == json{{"choice", 1}});
    CHECK(k.scored());
    CHECK(k.has_distribution());
    CHECK(k.picks(q, choice(2)) == std::vector<int>{2});
    CHECK(k.shown_choices(q) == q.choices);
}

TEST_CASE("choice: deck validation") {
    const auto& k = kind("choice");
    CHECK(k.validate(choice_question()).empty());
    question q = choice_question();
    q.answer = 4;
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    q.answer = "Nile";
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    q = choice_question();
    q.choices = {"only"};
    q.answer = 0;
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"choices"});
    q.choices = {"a", ""};
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"choices"});
}

// ---- truefalse ----------------------------------------------------------------

TEST_CASE("truefalse: choice 0 is true, 1 is false; nothing else") {
    const auto& k = kind("truefalse");
    const question yes = truefalse_question(true);
    const question no = truefalse_question(false);
    CHECK_FALSE(k.check(yes, choice(0)).has_value());
    CHECK_FALSE(k.check(yes, choice(1)).has_value());
    CHECK(k.check(yes, choice(2)).has_value());
    CHECK(k.check(yes, choice(-1)).has_value());
    CHECK(k.check(yes, choices({0})).has_value());
    CHECK(k.check(yes, text("true")).has_value());

    CHECK(k.credit(yes, choice(0)) == 1.0);
    CHECK(k.credit(yes, choice(1)) == 0.0);
    CHECK(k.credit(no, choice(1)) == 1.0);
    CHECK(k.credit(no, choice(0)) == 0.0);
    CHECK(k.correct(yes) == json{{"choice", 0}});
    CHECK(k.correct(no) == json{{"choice", 1}});
    CHECK(k.shown_choices(yes) == std::vector<std::string>{"True", "False"});
    CHECK(k.has_distribution());
}

TEST_CASE("truefalse: deck validation wants a boolean answer") {
    const auto& k = kind("truefalse");
    CHECK(k.validate(truefalse_question(true)).empty());
    question q = truefalse_question(true);
    q.answer = 0;
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    q = truefalse_question(true);
    q.choices = {"Yes", "No", "Maybe"};
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"choices"});
    q.choices = {"Yes", "No"};
    CHECK(k.validate(q).empty());
    CHECK(k.shown_choices(q) == std::vector<std::string>{"Yes", "No"});
}

// ---- multi --------------------------------------------------------------------

TEST_CASE("multi: check wants `choices`, each in range and listed once") {
    const auto& k = kind("multi");
    const question q = multi_question();
    CHECK_FALSE(k.check(q, choices({0, 2})).has_value());
    CHECK_FALSE(k.check(q, choices({})).has_value());
    CHECK_FALSE(k.check(q, choices({3, 2, 1, 0})).has_value());
    CHECK(k.check(q, choices({0, 4})).has_value());
    CHECK(k.check(q, choices({-1})).has_value());
    CHECK(k.check(q, choices({2, 2})).has_value());
    CHECK(k.check(q, choice(0)).has_value());
    CHECK(k.check(q, text("Helium")).has_value());
}

TEST_CASE("multi: right picks minus wrong picks over the number right, floored at 0") {
    const auto& k = kind("multi");
    const question q = multi_question(); // right: 0 and 2
    struct row {
        std::vector<int> picks;
        double credit;
    };
    const std::vector<row> table = {
        {{0, 2}, 1.0},    {{2, 0}, 1.0},       {{0}, 0.5},    {{2}, 0.5}, {{0, 1}, 0.0},
        {{0, 1, 2}, 0.5}, {{0, 1, 2, 3}, 0.0}, {{1, 3}, 0.0}, {{1}, 0.0}, {{}, 0.0},
    };
    for (const auto& r : table) {
        CAPTURE(json(r.picks).dump());
        CHECK(k.credit(q, choices(r.picks)) == doctest::Approx(r.credit));
    }
    CHECK(k.correct(q) == json{{"choices", {0, 2}}});
    CHECK(k.picks(q, choices({0, 3})) == std::vector<int>{0, 3});
    CHECK(k.has_distribution());
}

TEST_CASE("multi: deck validation") {
    const auto& k = kind("multi");
    CHECK(k.validate(multi_question()).empty());
    question q = multi_question();
    q.answer = json::array();
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    q.answer = json::array({0, 9});
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    q.answer = json::array({2, 2});
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
    q.answer = 2;
    CHECK(fields(k.validate(q)) == std::vector<std::string>{"answer"});
}

// ---- text ---------------------------------------------------------------------

TEST_CASE("text: check wants `text` of at most 200 characters (code points, not bytes)") {
    const auto& k = kind("text");
    const question q = text_question({"Paris"});
    CHECK_FALSE(k.check(q, text("Paris")).has_value());
    CHECK_FALSE(k.check(q, text("")).has_value());
    CHECK_FALSE(k.check(q, text(std::string(200, 'a'))).has_value());
    CHECK(k.check(q, text(std::string(201, 'a'))).has_value());
    // 200 two-byte characters are 400 bytes and still 200 characters.
    CHECK_FALSE(k.check(q, text(repeat("é", 200))).has_value());
    CHECK(k.check(q, text(repeat("é", 201))).has_value());
    CHECK(k.check(q, choice(0)).has_value());
    CHECK(k.check(q, choices({0})).has_value());
    CHECK(k.check(q, value(3)).has_value());
}

TEST_CASE("text: case folding, trimming and collapsed spaces") {
    const auto& k = kind("text");
    const question q = text_question({"Paris", "City of Paris"});
    for (const char* given : {"Paris", "paris", "PARIS", "  Paris  ", "\tparis\n", "city of paris",
                              "  CITY   of\t PARIS ", "City\u00a0of Paris"}) {
        CAPTURE(given);
        CHECK(k.credit(q, text(given)) == 1.0);
    }
    for (const char* given : {"", "Lyon", "Par is x", "CityofParis2"}) {
        CAPTURE(given);
        CHECK(k.credit(q, text(given)) == 0.0);
    }
    CHECK(k.correct(q) == json{{"text", {"Paris", "City of Paris"}}});
    CHECK_FALSE(k.shown_choices(q).has_value());
    CHECK_FALSE(k.has_distribution());
}

TEST_CASE("text: one typo allowed in answers of 6+ letters, none in shorter ones") {
    const auto& k = kind("text");
    const question five = text_question({"Paris"});      // 5 letters
    const question six = text_question({"London"});      // 6 letters
    const question spaced = text_question({"New York"}); // 7 letters, one space

    CHECK(k.credit(five, text("Pariss")) == 0.0); // one insertion
    CHECK(k.credit(five, text("Pars")) == 0.0);   // one deletion
    CHECK(k.credit(five, text("Paros")) == 0.0);  // one substitution

    CHECK(k.credit(six, text("Londn")) == 1.0);   // deletion
    CHECK(k.credit(six, text("Londonn")) == 1.0); // insertion
    CHECK(k.credit(six, text("Lundon")) == 1.0);  // substitution
    CHECK(k.credit(six, text("LONDN")) == 1.0);   // case folding, then one typo
    CHECK(k.credit(six, text("Lndn")) == 0.0);    // two typos
    CHECK(k.credit(six, text("Lundun")) == 0.0);

    CHECK(k.credit(spaced, text("new yrok")) == 0.0); // a swap is two edits
    CHECK(k.credit(spaced, text("new yorc")) == 1.0);
    CHECK(k.credit(spaced, text("newyork")) == 1.0); // the space is the one typo
}

TEST_CASE("text: Unicode case folding and normalisation") {
    const auto& k = kind("text");
    const question ecole = text_question({"école"});
    CHECK(k.credit(ecole, text("ÉCOLE")) == 1.0);
    CHECK(k.credit(ecole, text("École")) == 1.0);
    CHECK(k.credit(ecole, text("e\u0301cole")) == 1.0); // decomposed é
    CHECK(k.credit(ecole, text("E\u0301COLE")) == 1.0);
    CHECK(k.credit(ecole, text("ecole")) == 0.0); // 5 letters: no typo allowed

    const question strasse = text_question({"Straße"});
    CHECK(k.credit(strasse, text("STRASSE")) == 1.0);
    CHECK(k.credit(strasse, text("strasse")) == 1.0);

    const question greek = text_question({"Σίσυφος"});
    CHECK(k.credit(greek, text("ΣΊΣΥΦΟΣ")) == 1.0);
    CHECK(k.credit(greek, text("σίσυφος")) == 1.0);
}

TEST_CASE("text: deck validation wants at least one non-blank accepted answer") {
    const auto& k = kind("text");
    CHECK(k.validate(text_question({"Paris"})).empty());
    CHECK(fields(k.validate(text_question({}))) == std::vector<std::string>{"accepted"});
    CHECK(fields(k.validate(text_question({"Paris", "   "}))) ==
          std::vector<std::string>{"accepted"});
}

// ---- poll ---------------------------------------------------------------------

TEST_CASE("poll: any choice in range, no credit, no right answer, a distribution") {
    const auto& k = kind("poll");
    const question q = poll_question();
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(k.check(q, choice(i)).has_value());
        CHECK_FALSE(k.credit(q, choice(i)).has_value());
    }
    CHECK(k.check(q, choice(3)).has_value());
    CHECK(k.check(q, choice(-1)).has_value());
    CHECK(k.check(q, choices({0})).has_value());
    CHECK(k.check(q, text("Asia")).has_value());
    CHECK(k.correct(q).is_null());
    CHECK_FALSE(k.scored());
    CHECK(k.has_distribution());
    CHECK(k.picks(q, choice(2)) == std::vector<int>{2});
    CHECK(k.validate(q).empty());
    question with_answer = q;
    with_answer.answer = 1;
    CHECK(fields(k.validate(with_answer)) == std::vector<std::string>{"answer"});
}

TEST_CASE("the kinds agree with the mini deck as loaded") {
    const auto loaded = load_deck_file(std::string(QUIZROOM_TEST_DECKS) + "/mini.json");
    REQUIRE(std::holds_alternative<deck>(loaded));
    const auto& qs = std::get<deck>(loaded).questions;
    REQUIRE(qs.size() == 5);
    CHECK(kind(qs[0].kind).credit(qs[0], choice(1)) == 1.0);
    CHECK(kind(qs[1].kind).credit(qs[1], choice(0)) == 1.0);
    CHECK(kind(qs[2].kind).credit(qs[2], choices({0})) == 0.5);
    CHECK(kind(qs[3].kind).credit(qs[3], text(" city of PARIS")) == 1.0);
    CHECK_FALSE(kind(qs[4].kind).credit(qs[4], choice(2)).has_value());
}
