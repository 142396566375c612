// quizzes/deck.schema.json and the deck loader agree: what one accepts the
// other accepts, what one refuses the other refuses and names, except for
// the few rules JSON Schema cannot say (listed in the schema's description,
// and pinned down by the last test here).

#include "import_test_support.hpp"
#include "schema_check.hpp"

#include "game/deck_loader.hpp"
#include "game/question_kind.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

namespace quizroom::import_test {
namespace {

using nlohmann::json;

const schema_check& deck_schema() {
    static const schema_check schema(json::parse(read_file(quizzes_path("deck.schema.json"))));
    return schema;
}

json schema_json() {
    return json::parse(read_file(quizzes_path("deck.schema.json")));
}

/// One question of each kind, every field used once.
json base_deck() {
    return json::parse(R"({
      "id": "sample", "title": "Sample", "description": "All kinds", "source": "tests",
      "questions": [
        {"id": "c", "category": "A", "kind": "choice", "prompt": "Pick b", "choices": ["a", "b", "c"],
         "answer": 1, "time_limit_s": 20, "points": 1000, "tolerance": 0, "explanation": "b it is",
         "summary": "b", "concept": "B", "keywords": ["b", ["bee", "b"]]},
        {"id": "t", "kind": "truefalse", "prompt": "True?", "answer": true},
        {"id": "m", "kind": "multi", "prompt": "Pick a and c", "choices": ["a", "b", "c"], "answer": [0, 2]},
        {"id": "x", "kind": "text", "prompt": "Capital of France?", "accepted": ["Paris"]},
        {"id": "p", "kind": "poll", "prompt": "Which?", "choices": ["a", "b"]},
        {"id": "o", "kind": "order", "prompt": "Smallest first", "choices": ["3", "1", "2"],
         "answer": [1, 2, 0]},
        {"id": "n", "kind": "number", "prompt": "Six times seven?", "answer": 42, "tolerance": 1},
        {"id": "k", "kind": "open", "prompt": "What is RAII?",
         "keywords": [["destructor", "dtor"], "scope"]}
      ]})");
}

/// The index in base_deck() of the question of a kind.
std::size_t index_of_kind(const std::string& kind) {
    const json d = base_deck();
    for (std::size_t i = 0; i < d["questions"].size(); ++i) {
        if (d["questions"][i]["kind"] == kind) {
            return i;
        }
    }
    FAIL("no question of kind " << kind);
    return 0;
}

std::vector<game::deck_problem> loader_problems(const json& deck) {
    auto loaded = game::load_deck(deck.dump(), "sample.json");
    if (auto* problems = std::get_if<std::vector<game::deck_problem>>(&loaded)) {
        return *problems;
    }
    return {};
}

std::string describe_all(const std::vector<game::deck_problem>& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += p.describe() + "\n";
    }
    return out;
}

bool names_field(const std::vector<game::deck_problem>& problems, const std::string& field) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const game::deck_problem& p) { return p.field == field; });
}

/// Both refuse `deck`, and the loader names `field`.
void check_both_refuse(const json& deck, const std::string& field) {
    const auto problems = loader_problems(deck);
    INFO("deck: ", deck.dump());
    INFO("loader: ", describe_all(problems));
    CHECK_MESSAGE(!deck_schema().valid(deck), "the schema accepts it");
    CHECK_MESSAGE(names_field(problems, field), "the loader does not name `", field, "`");
}

void check_both_accept(const json& deck) {
    const auto problems = loader_problems(deck);
    const auto errors = deck_schema().errors(deck);
    INFO("deck: ", deck.dump());
    CHECK_MESSAGE(problems.empty(), "the loader refuses it: ", describe_all(problems));
    CHECK_MESSAGE(errors.empty(), "the schema refuses it: ", errors.empty() ? "" : errors.front());
}

} // namespace

TEST_CASE("the deck schema is draft 2020-12 and uses only keywords the checker knows") {
    const json s = schema_json();
    CHECK(s["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    CHECK_NOTHROW(schema_check{s});
    // The checker refuses what it does not know instead of ignoring it.
    CHECK_THROWS_AS(schema_check(json{{"type", "object"}, {"patternProperties", json::object()}}),
                    std::invalid_argument);
}

TEST_CASE("the schema's kinds are exactly the kinds the loader plays") {
    const json s = schema_json();
    std::set<std::string> in_schema;
    for (const auto& k : s["$defs"]["question"]["properties"]["kind"]["enum"]) {
        in_schema.insert(k.get<std::string>());
        CHECK_MESSAGE(game::find_kind(k.get<std::string>()) != nullptr, "unknown kind ", k);
    }
    std::set<std::string> in_loader;
    for (auto name : game::kind_names()) {
        in_loader.insert(std::string(name));
    }
    CHECK(in_schema == in_loader);
    // Each kind has its rules in the schema.
    std::set<std::string> with_rules;
    for (const auto& rule : s["$defs"]["question"]["allOf"]) {
        with_rules.insert(rule["if"]["properties"]["kind"]["const"].get<std::string>());
    }
    CHECK(with_rules == in_loader);
}

TEST_CASE("decks that load are valid for the schema") {
    check_both_accept(base_deck());
    check_both_accept(json::parse(read_file(quizzes_path("backend-interview.json"))));
    check_both_accept(json::parse(read_file(data_path("decks/mini.json"))));
    check_both_accept(json::parse(read_file(data_path("decks/three.json"))));
    for (const char* sample : {"markdown/week-4-databases.md", "csv/kahoot-quiz.csv",
                               "csv/excel-semicolon-bom-crlf.csv", "gift/networking.gift"}) {
        CAPTURE(sample);
        check_both_accept(json::parse(expect_deck(import_sample(sample)).json.dump()));
    }
}

TEST_CASE("every field the schema requires is reported by the loader when missing") {
    const json s = schema_json();
    SUBCASE("deck fields") {
        for (const auto& field : s["required"]) {
            json d = base_deck();
            d.erase(field.get<std::string>());
            check_both_refuse(d, field.get<std::string>());
        }
    }
    SUBCASE("question fields, in a question of every kind") {
        for (const auto& field : s["$defs"]["question"]["required"]) {
            for (std::size_t q = 0; q < base_deck()["questions"].size(); ++q) {
                json d = base_deck();
                d["questions"][q].erase(field.get<std::string>());
                check_both_refuse(d, field.get<std::string>());
            }
        }
    }
    SUBCASE("fields each kind requires") {
        for (const auto& rule : s["$defs"]["question"]["allOf"]) {
            const std::string kind = rule["if"]["properties"]["kind"]["const"];
            for (const auto& field : rule["then"]["required"]) {
                CAPTURE(kind);
                json d = base_deck();
                d["questions"][index_of_kind(kind)].erase(field.get<std::string>());
                check_both_refuse(d, field.get<std::string>());
            }
        }
    }
}

TEST_CASE("a value of the wrong type in any field is refused by both, naming the field") {
    const json s = schema_json();
    // No field of a deck takes an object, so an object is wrong everywhere.
    const json wrong = {{"not", "this"}};
    for (const auto& [name, rule] : s["properties"].items()) {
        json d = base_deck();
        d[name] = wrong;
        check_both_refuse(d, name);
    }
    for (const auto& [name, rule] : s["$defs"]["question"]["properties"].items()) {
        if (name == "answer") {
            continue; // its shape is the kind's: tested below
        }
        json d = base_deck();
        d["questions"][0][name] = wrong;
        check_both_refuse(d, name);
    }
}

TEST_CASE("values out of range are refused by both, naming the field") {
    struct mutation {
        std::string kind; ///< the question to change; empty for the deck itself
        std::string field;
        json value;
    };
    const std::vector<mutation> mutations = {
        {"", "id", "Has Spaces"},
        {"", "id", std::string(65, 'a')},
        {"", "title", ""},
        {"", "questions", json::array()},
        {"choice", "id", ""},
        {"choice", "prompt", ""},
        {"choice", "kind", "riddle"},
        {"choice", "time_limit_s", 0},
        {"choice", "time_limit_s", 3601},
        {"choice", "points", -1},
        {"choice", "points", 100001},
        {"choice", "tolerance", -0.5},
        {"choice", "choices", json::array({"a"})},
        {"choice", "choices", json(std::vector<std::string>(11, "x"))},
        {"choice", "choices", json::array({"a", ""})},
        {"choice", "answer", -1},
        {"choice", "answer", "1"},
        {"choice", "answer", true},
        {"choice", "keywords", json::array({""})},
        {"choice", "keywords", json::array({json::array()})},
        {"choice", "keywords", json::array({3})},
        {"choice", "keywords", json::array({json::array({"ok", ""})})},
        {"choice", "choices", json::array({"a", 2})},
        {"truefalse", "answer", 1},
        {"truefalse", "answer", "true"},
        {"truefalse", "choices", json::array({"yes"})},
        {"truefalse", "choices", json::array({"yes", "no", "maybe"})},
        {"multi", "answer", json::array()},
        {"multi", "answer", json::array({0, 0})},
        {"multi", "answer", json::array({-1})},
        {"multi", "answer", 0},
        {"multi", "choices", json::array({"only one"})},
        {"text", "accepted", json::array()},
        {"text", "accepted", json::array({"   "})},
        {"text", "accepted", json::array({1})},
        {"poll", "answer", 0},
        {"poll", "choices", json::array({"one"})},
        {"order", "answer", json::array({1, 1, 0})},
        {"order", "answer", json::array({-1, 2, 0})},
        {"order", "answer", json::array({"1", "2", "0"})},
        {"order", "answer", 1},
        {"order", "choices", json::array({"only one"})},
        {"number", "answer", "42"},
        {"number", "answer", json::array({42})},
        {"number", "choices", json::array({"41", "42"})},
        {"open", "keywords", json::array()},
        {"open", "keywords", nullptr},
        {"open", "answer", "RAII"},
        {"open", "choices", json::array({"a", "b"})},
    };
    for (const auto& m : mutations) {
        CAPTURE(m.kind);
        CAPTURE(m.field);
        json d = base_deck();
        (m.kind.empty() ? d : d["questions"][index_of_kind(m.kind)])[m.field] = m.value;
        check_both_refuse(d, m.field);
    }
}

TEST_CASE(
    "values at the edges, nulls for optional fields and unknown fields are accepted by both") {
    const std::vector<std::pair<std::string, json>> edits = {
        {"time_limit_s", 1},       {"time_limit_s", 3600},      {"points", 0},
        {"points", 100000},        {"tolerance", 2.5},          {"category", nullptr},
        {"explanation", nullptr},  {"summary", nullptr},        {"concept", nullptr},
        {"keywords", nullptr},     {"keywords", json::array()}, {"tolerance", nullptr},
        {"time_limit_s", nullptr}, {"points", nullptr},         {"accepted", nullptr},
        {"something_new", 1},
    };
    for (const auto& [edited, value] : edits) {
        // A copy: Clang 14 (the sanitizer builds) cannot capture a
        // structured binding in CAPTURE's lambda.
        const std::string field = edited;
        CAPTURE(field);
        json d = base_deck();
        d["questions"][0][field] = value;
        check_both_accept(d);
    }
    for (const json& labels : {json(nullptr), json::array(), json::array({"Yes", "No"})}) {
        json d = base_deck();
        d["questions"][index_of_kind("truefalse")]["choices"] = labels;
        check_both_accept(d);
    }
    json d = base_deck();
    d["description"] = nullptr;
    d["source"] = nullptr;
    d["questions"][index_of_kind("poll")]["answer"] = nullptr;
    d["questions"][index_of_kind("choice")]["choices"] = std::vector<std::string>(10, "x");
    check_both_accept(d);
}

TEST_CASE("what JSON Schema cannot say is refused by the loader alone (the documented gaps)") {
    std::vector<json> decks;
    json d = base_deck();
    d["questions"][index_of_kind("choice")]["answer"] = 3; // 3 choices: 0-2
    decks.push_back(d);
    d = base_deck();
    d["questions"][index_of_kind("multi")]["answer"] = json::array({0, 5});
    decks.push_back(d);
    d = base_deck();
    d["questions"][index_of_kind("order")]["answer"] = json::array({1, 2}); // not every choice
    decks.push_back(d);
    d = base_deck();
    d["questions"][index_of_kind("order")]["answer"] = json::array({0, 1, 2}); // as listed
    decks.push_back(d);
    d = base_deck();
    d["questions"][index_of_kind("open")]["keywords"] = json::array({"scope", "++"});
    decks.push_back(d);
    d = base_deck();
    d["questions"][1]["id"] = d["questions"][0]["id"]; // question ids must differ
    decks.push_back(d);
    d = base_deck();
    d["questions"][0]["time_limit_s"] = 20.0; // a whole number written with a fraction
    decks.push_back(d);
    for (const auto& deck : decks) {
        INFO("deck: ", deck.dump());
        CHECK(deck_schema().valid(deck));
        CHECK_FALSE(loader_problems(deck).empty());
    }
}

} // namespace quizroom::import_test
