#include "protocol/codec.hpp"

#include <doctest/doctest.h>

#include <string>

namespace qp = quizroom::protocol;
using qp::json;

namespace {

/// `frame` with `key` replaced by `value` (or removed, when value is discarded).
std::string with(std::string_view frame, const std::string& key, const json& value) {
    json j = json::parse(frame);
    if (value.is_discarded()) {
        j.erase(key);
    } else {
        j[key] = value;
    }
    return j.dump();
}

const json removed = json(json::value_t::discarded);

constexpr std::string_view answer_ack = R"({"type":"answer_ack","id":12,"q":3,"ms":1834})";

constexpr std::string_view state_frame = R"({"type":"state","phase":"question","code":"K7PQ3M",
    "quiz":{"id":"gk","title":"GK"},"q":0,"total":3,"players":1,"connected":1,"locked":false,
    "paused":false,"deadline":5,"question":{"q":0,"total":3,"kind":"choice","prompt":"?",
    "choices":["a","b"],"category":"","time_limit_ms":1000,"deadline":5,"points":100},
    "roster":[{"id":"p1","name":"A","team":null,"connected":true}]})";

} // namespace

TEST_CASE("decode reads a frame and its id") {
    const auto f = qp::decode(answer_ack);
    REQUIRE(f.has_value());
    CHECK(f->id == json(12));
    REQUIRE(std::holds_alternative<qp::answer_ack_msg>(f->message));
    const auto& m = std::get<qp::answer_ack_msg>(f->message);
    CHECK(m.q == 3);
    CHECK(m.ms == 1834);
    CHECK_FALSE(m.durable.has_value());
    CHECK_FALSE(qp::decode(R"({"type":"kicked"})")->id.has_value());
}

TEST_CASE("decode refuses what is not a server frame") {
    for (const char* frame :
         {"", "[]", "42", "{", R"({"q":3})", R"({"type":3})", R"({"type":"dance"})",
          R"({"type":"ping","t":1})", R"({"type":"answer_ack","q":3,"ms":1834)"}) {
        CAPTURE(frame);
        CHECK_FALSE(qp::decode(frame).has_value());
    }
}

TEST_CASE("decode refuses missing and ill-typed fields") {
    CHECK_FALSE(qp::decode(with(answer_ack, "q", removed)).has_value());
    CHECK_FALSE(qp::decode(with(answer_ack, "q", "3")).has_value());
    CHECK_FALSE(qp::decode(with(answer_ack, "q", 3.5)).has_value());
    CHECK_FALSE(qp::decode(with(answer_ack, "q", true)).has_value());
    CHECK_FALSE(qp::decode(with(answer_ack, "q", 4294967296)).has_value());
    CHECK_FALSE(qp::decode(with(answer_ack, "durable", "no")).has_value());
    CHECK(qp::decode(with(answer_ack, "ms", 9007199254740993)).has_value());

    REQUIRE(qp::decode(state_frame).has_value());
    CHECK_FALSE(qp::decode(with(state_frame, "phase", "intermission")).has_value());
    CHECK_FALSE(qp::decode(with(state_frame, "quiz", "gk")).has_value());
    CHECK_FALSE(qp::decode(with(state_frame, "q", "0")).has_value());
    CHECK_FALSE(qp::decode(with(state_frame, "roster", json::array({1}))).has_value());
    CHECK_FALSE(
        qp::decode(with(state_frame, "roster", json::parse(R"([{"id":"p1"}])"))).has_value());
    CHECK_FALSE(qp::decode(with(state_frame, "question", json::parse(R"({"q":0})"))).has_value());

    CHECK_FALSE(qp::decode(R"({"type":"error","code":"oops","message":""})").has_value());
    CHECK_FALSE(qp::decode(R"({"type":"error","code":"late"})").has_value());
    CHECK_FALSE(qp::decode(R"({"type":"leaderboard","q":1})").has_value());
    CHECK_FALSE(
        qp::decode(
            R"({"type":"rated","q":1,"candidate":{"id":"p"},"median":3,"ratings":1,"points":2})")
            .has_value());
}

TEST_CASE("decode reads nested payloads") {
    const auto f = qp::decode(state_frame);
    REQUIRE(f.has_value());
    const auto& s = std::get<qp::state_msg>(f->message);
    CHECK(s.current == qp::phase::question);
    CHECK(s.quiz.title == "GK");
    CHECK(s.q == 0);
    CHECK(s.deadline == 5);
    REQUIRE(s.question.has_value());
    CHECK(s.question->choices == std::vector<std::string>{"a", "b"});
    REQUIRE(s.roster.has_value());
    REQUIRE(s.roster->size() == 1);
    CHECK(s.roster->front().connected);
    CHECK_FALSE(s.roster->front().team.has_value());
    CHECK_FALSE(s.you.has_value());
}

TEST_CASE("decode keeps the error code") {
    const auto f =
        qp::decode(R"({"type":"error","id":"x","code":"wrong_phase","message":"Not now."})");
    REQUIRE(f.has_value());
    const auto& e = std::get<qp::error_msg>(f->message);
    CHECK(e.code == qp::error::wrong_phase);
    CHECK(e.message == "Not now.");
    CHECK(f->id == json("x"));
}

TEST_CASE("decode reads what encode wrote") {
    qp::rated_msg rated{4, {"p2", "Grace"}, 3.5, 4, 700};
    const auto f = qp::decode(qp::encode(rated));
    REQUIRE(f.has_value());
    const auto& m = std::get<qp::rated_msg>(f->message);
    CHECK(m.candidate.name == "Grace");
    CHECK(m.median == 3.5);
    CHECK(m.points == 700);
}
