#include "protocol/codec.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>

namespace qp = quizroom::protocol;
using qp::json;

namespace {

json wire(const qp::server_message& m, const std::optional<json>& id = std::nullopt) {
    return json::parse(qp::encode(m, id));
}

qp::question_msg sample_question() {
    qp::question_msg q;
    q.q = 2;
    q.total = 10;
    q.kind = "choice";
    q.prompt = "Largest planet?";
    q.choices = std::vector<std::string>{"Mars", "Jupiter"};
    q.category = "Science";
    q.time_limit_ms = 20000;
    q.deadline = 1700000020000;
    q.points = 1000;
    return q;
}

} // namespace

TEST_CASE("type comes first, then the id") {
    const std::string text = qp::encode(qp::answer_ack_msg{3, 1834, std::nullopt}, json(12));
    CHECK(text.rfind(R"({"type":"answer_ack","id":12,)", 0) == 0);
    CHECK(json::parse(text) == json::parse(R"({"type":"answer_ack","id":12,"q":3,"ms":1834})"));
    CHECK(qp::encode(qp::kicked_msg{}) == R"({"type":"kicked"})");
    CHECK(qp::encode(qp::kicked_msg{}, json("k")) == R"({"type":"kicked","id":"k"})");
    CHECK(qp::encode(qp::client_message{qp::start_msg{}}) == R"({"type":"start"})");
}

TEST_CASE("broadcasts carry no id") {
    CHECK_FALSE(wire(qp::lobby_msg{4, 3}).contains("id"));
    CHECK_FALSE(qp::to_json_object(qp::lobby_msg{4, 3}).contains("id"));
}

TEST_CASE("to_json_object equals the encoded frame") {
    const qp::server_message m = qp::result_msg{3, true, 950, 2, 2900, 2, 4};
    CHECK(qp::to_json_object(m, json(5)) == wire(m, json(5)));
    CHECK(qp::to_json_object(m)["type"] == "result");
}

TEST_CASE("team is null when absent") {
    CHECK(wire(qp::joined_msg{"p1", "tok", "Ada", std::nullopt})["team"].is_null());
    CHECK(wire(qp::joined_msg{"p1", "tok", "Ada", std::nullopt}).contains("team"));
    CHECK(wire(qp::joined_msg{"p1", "tok", "Ada", "Red"})["team"] == "Red");
    CHECK(wire(qp::player_joined_msg{{"p1", "Ada", std::nullopt}, 1})["player"] ==
          json::parse(R"({"id":"p1","name":"Ada","team":null})"));
}

TEST_CASE("optional fields are left out when absent") {
    CHECK_FALSE(wire(qp::answer_ack_msg{1, 2, std::nullopt}).contains("durable"));
    CHECK(wire(qp::answer_ack_msg{1, 2, false})["durable"] == false);
    qp::question_msg q = sample_question();
    q.choices.reset();
    const json j = wire(q);
    CHECK_FALSE(j.contains("choices"));
    CHECK_FALSE(j.contains("candidate"));
    CHECK(j.size() == 9);
    qp::reveal_msg r;
    const json rj = wire(r);
    CHECK(rj.contains("correct"));
    CHECK(rj["correct"].is_null());
    CHECK_FALSE(rj.contains("distribution"));
    CHECK_FALSE(rj.contains("covered"));
    CHECK_FALSE(rj.contains("rating_deadline"));
    CHECK_FALSE(wire(qp::podium_msg{})["top"].is_null());
    CHECK_FALSE(wire(qp::podium_msg{}).contains("teams"));
    CHECK_FALSE(wire(qp::podium_msg{}).contains("report"));
}

TEST_CASE("state") {
    qp::state_msg s;
    s.current = qp::phase::lobby;
    s.code = "K7PQ3M";
    s.quiz = {"gk", "General knowledge"};
    SUBCASE("in the lobby, q is null and no phase content is written") {
        const json j = wire(s);
        CHECK(j["phase"] == "lobby");
        CHECK(j.contains("q"));
        CHECK(j["q"].is_null());
        CHECK(j["quiz"] == json::parse(R"({"id":"gk","title":"General knowledge"})"));
        for (const char* key : {"question", "deadline", "remaining_ms", "reveal", "leaderboard",
                                "podium", "you", "roster", "current"}) {
            CHECK_FALSE(j.contains(key));
        }
    }
    SUBCASE("nested payloads have no type; you.answer is always written") {
        s.current = qp::phase::question;
        s.q = 2;
        s.question = sample_question();
        s.deadline = 1700000020000;
        s.you = qp::you_info{"p1", "Ada", std::nullopt, 0, 1, false, nullptr};
        const json j = wire(s);
        CHECK(j["q"] == 2);
        CHECK_FALSE(j["question"].contains("type"));
        CHECK(j["question"]["prompt"] == "Largest planet?");
        CHECK(j["deadline"] == 1700000020000);
        REQUIRE(j["you"].contains("answer"));
        CHECK(j["you"]["answer"].is_null());
        CHECK(j["you"]["team"].is_null());
        CHECK(j["you"].contains("team"));
    }
}

TEST_CASE("error code is its wire string") {
    CHECK(wire(qp::error_msg{qp::error::room_locked, "Locked."}, json(3)) ==
          json::parse(R"({"type":"error","id":3,"code":"room_locked","message":"Locked."})"));
}

TEST_CASE("player_left carries gone") {
    CHECK(wire(qp::player_left_msg{"p1", 3, false})["gone"] == false);
    CHECK(wire(qp::player_left_msg{"p1", 3, true})["gone"] == true);
}

TEST_CASE("invalid UTF-8 in a server string does not throw") {
    qp::joined_msg m{"p1", "tok", "bad\xff", std::nullopt};
    std::string text;
    CHECK_NOTHROW(text = qp::encode(m));
    CHECK(json::parse(text)["name"] == "bad\xef\xbf\xbd");
}

TEST_CASE("client messages") {
    CHECK(
        json::parse(qp::encode(qp::client_message{qp::next_msg{3, qp::phase::reveal}}, json(1))) ==
        json::parse(R"({"type":"next","id":1,"q":3,"phase":"reveal"})"));
    CHECK(json::parse(qp::encode(qp::client_message{qp::next_msg{}})) ==
          json::parse(R"({"type":"next"})"));
    CHECK(json::parse(qp::encode(qp::client_message{qp::create_msg{"gk", {}, std::nullopt}})) ==
          json::parse(R"({"type":"create","quiz":"gk","options":{}})"));
    CHECK(json::parse(qp::encode(qp::client_message{qp::answer_msg{1, qp::text_answer{"x"}}})) ==
          json::parse(R"({"type":"answer","q":1,"text":"x"})"));
    CHECK(json::parse(qp::encode(qp::client_message{qp::ping_msg{}})) ==
          json::parse(R"({"type":"ping","t":null})"));
    CHECK(json::parse(qp::encode(qp::client_message{qp::join_msg{"C", "Ada", std::nullopt}})) ==
          json::parse(R"({"type":"join","code":"C","name":"Ada"})"));
}

TEST_CASE("every client message parses back to what was encoded") {
    const qp::client_message all[] = {
        qp::create_msg{"gk", {}, "adm"},
        qp::host_msg{"K7PQ3M", "h"},
        qp::join_msg{"K7PQ3M", "Ada", "Red"},
        qp::rejoin_msg{"K7PQ3M", "t"},
        qp::answer_msg{0, qp::choices_answer{{1, 2}}},
        qp::start_msg{},
        qp::next_msg{0, qp::phase::question},
        qp::pause_msg{},
        qp::resume_msg{},
        qp::end_msg{},
        qp::kick_msg{"p1"},
        qp::lock_msg{true},
        qp::rate_msg{"p1", 5},
        qp::candidate_msg{"p1"},
        qp::override_msg{"p1", 3, 0.25},
        qp::ping_msg{json(17)},
        qp::leave_msg{},
    };
    CHECK(std::size(all) == std::variant_size_v<qp::client_message>);
    for (const auto& m : all) {
        const std::string text = qp::encode(m, json("id-1"));
        CAPTURE(text);
        const qp::parsed p = qp::parse(text);
        REQUIRE(static_cast<bool>(p));
        CHECK(p.message.index() == m.index());
        CHECK(p.id == json("id-1"));
        CHECK(qp::encode(p.message, p.id) == text);
    }
}

namespace {

// `result` as the generic encoder writes every other message: `type`, the
// id, then the body as nlohmann dumps it (its keys sorted).
std::string generic_result(const qp::result_msg& m, const std::optional<json>& id) {
    json body = qp::to_json_object(m);
    body.erase("type");
    std::string out = R"({"type":"result")";
    if (id) {
        out += ",\"id\":" + id->dump();
    }
    return out + "," + body.dump().substr(1);
}

} // namespace

TEST_CASE("result is written byte for byte as the generic encoder writes it") {
    CHECK(
        qp::encode(qp::result_msg{0, true, 950, 1, 950, 1, 3}) ==
        R"({"type":"result","correct":true,"of":3,"points":950,"q":0,"rank":1,"score":950,"streak":1})");
    const json corrects[] = {true, false, nullptr, 0.5, 0.25,        1.0 / 3.0, 2.0 / 3.0,
                             0.1,  1e-7,  0.0,     1.0, 0.999999999, json(1),   json("x")};
    const std::optional<json> ids[] = {std::nullopt,  json(7),  json("r-\"1\"\n\u00e9"),
                                       json(nullptr), json(-3), json(2.5)};
    const int ints[] = {0,
                        1,
                        -1,
                        950,
                        -250,
                        123456789,
                        std::numeric_limits<int>::max(),
                        std::numeric_limits<int>::min()};
    int n = 0;
    for (const auto& correct : corrects) {
        for (const auto& id : ids) {
            for (const int v : ints) {
                // Each field in turn gets the odd value; the others stay ordinary.
                const qp::result_msg m{n % 7 == 0 ? v : 2,    correct,
                                       n % 7 == 1 ? v : 500,  n % 7 == 2 ? v : 3,
                                       n % 7 == 3 ? v : 4000, n % 7 == 4 ? v : 5,
                                       n % 7 == 5 ? v : 10000};
                ++n;
                CAPTURE(correct.dump());
                CAPTURE(v);
                CHECK(qp::encode(m, id) == generic_result(m, id));
            }
        }
    }
}
