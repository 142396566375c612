#include "protocol/codec.hpp"

#include <doctest/doctest.h>

#include <climits>
#include <string>

namespace qp = quizroom::protocol;
using qp::error;
using qp::json;

namespace {

/// The failure of a frame that must be refused.
qp::protocol_error refused(std::string_view frame) {
    const qp::parsed p = qp::parse(frame);
    INFO("frame: " << frame);
    REQUIRE(p.failure.has_value());
    CHECK_FALSE(static_cast<bool>(p));
    return *p.failure;
}

/// The message of a frame that must be accepted, as alternative T.
template <class T> T accepted(std::string_view frame) {
    const qp::parsed p = qp::parse(frame);
    INFO("frame: " << frame << " failure: " << (p.failure ? p.failure->message : ""));
    REQUIRE(static_cast<bool>(p));
    REQUIRE(std::holds_alternative<T>(p.message));
    return std::get<T>(p.message);
}

} // namespace

TEST_CASE("invalid UTF-8 is bad_json") {
    const std::string cases[] = {
        "{\"type\":\"join\",\"code\":\"K7PQ3M\",\"name\":\"\xff\"}",         // never valid
        "{\"type\":\"join\",\"code\":\"K7PQ3M\",\"name\":\"\xc3\"}",         // truncated sequence
        "{\"type\":\"join\",\"code\":\"K7PQ3M\",\"name\":\"\xc0\xaf\"}",     // overlong '/'
        "{\"type\":\"join\",\"code\":\"K7PQ3M\",\"name\":\"\xed\xa0\x80\"}", // UTF-16 surrogate
        "{\"type\":\"join\",\"code\":\"K7PQ3M\",\"name\":\"\xf4\x90\x80\x80\"}", // over U+10FFFF
        "{\"type\":\"ping\",\"t\":1}\x80",                                       // outside a string
        "\xef\xbb\xbf\xff{\"type\":\"ping\"}",
    };
    for (const std::string& frame : cases) {
        CHECK(refused(frame).code == error::bad_json);
    }
}

TEST_CASE("valid multi-byte UTF-8 passes through unchanged") {
    const auto m =
        accepted<qp::join_msg>("{\"type\":\"join\",\"code\":\"K7PQ3M\",\"name\":\"Zo\xc3\xab "
                               "\xf0\x9f\xa6\x8a\"}");
    CHECK(m.name == "Zo\xc3\xab \xf0\x9f\xa6\x8a");
}

TEST_CASE("frame size limit") {
    const std::string head = R"({"type":"ping","t":")";
    const std::string tail = R"("})";
    std::string at_limit =
        head + std::string(qp::max_frame_bytes - head.size() - tail.size(), 'x') + tail;
    REQUIRE(at_limit.size() == qp::max_frame_bytes);
    CHECK(accepted<qp::ping_msg>(at_limit).t.get<std::string>().size() ==
          qp::max_frame_bytes - head.size() - tail.size());

    const std::string over =
        head + std::string(qp::max_frame_bytes - head.size() - tail.size() + 1, 'x') + tail;
    CHECK(refused(over).code == error::too_big);
    // Size is checked before anything else, so even garbage over the limit is too_big.
    CHECK(refused(std::string(qp::max_frame_bytes + 1, '\xff')).code == error::too_big);
}

TEST_CASE("non-objects and syntax errors are bad_json") {
    for (const char* frame : {"", " ", "null", "true", "42", "\"ping\"", "[]", "{", "{\"type\":}",
                              "{\"type\":\"ping\",}", "{\"type\":\"ping\"}{}", "NaN"}) {
        CHECK(refused(frame).code == error::bad_json);
    }
    // Whitespace around one object is fine.
    accepted<qp::start_msg>(" \r\n\t{\"type\":\"start\"}\n");
}

TEST_CASE("id") {
    SUBCASE("numbers and strings are echoed") {
        CHECK(qp::parse(R"({"type":"start","id":12})").id == json(12));
        CHECK(qp::parse(R"({"type":"start","id":-3.25})").id == json(-3.25));
        CHECK(qp::parse(R"({"type":"start","id":"abc"})").id == json("abc"));
        CHECK_FALSE(qp::parse(R"({"type":"start"})").id.has_value());
    }
    SUBCASE("at most 64 bytes as written, quotes included") {
        const std::string ok_id(62, 'i');
        const auto p = qp::parse(R"({"type":"start","id":")" + ok_id + "\"}");
        CHECK(static_cast<bool>(p));
        CHECK(p.id == json(ok_id));
        const auto too_long = qp::parse(R"({"type":"start","id":")" + ok_id + "i\"}");
        REQUIRE(too_long.failure.has_value());
        CHECK(too_long.failure->code == error::bad_message);
        CHECK_FALSE(too_long.id.has_value());
        // A string whose escapes make it long counts its written form.
        const auto escaped = qp::parse(R"({"type":"start","id":")" + std::string(32, '\n') + "\"}");
        CHECK_FALSE(escaped.id.has_value());
        CHECK(escaped.failure.has_value());
    }
    SUBCASE("other types are bad_message and not echoed") {
        for (const char* frame : {R"({"type":"start","id":null})", R"({"type":"start","id":true})",
                                  R"({"type":"start","id":[1]})", R"({"type":"start","id":{}})"}) {
            const auto p = qp::parse(frame);
            REQUIRE(p.failure.has_value());
            CHECK(p.failure->code == error::bad_message);
            CHECK(p.failure->message.find("`id`") != std::string::npos);
            CHECK_FALSE(p.id.has_value());
        }
    }
    SUBCASE("a valid id is echoed when the rest fails") {
        const auto unknown = qp::parse(R"({"type":"dance","id":"d"})");
        CHECK(unknown.failure->code == error::unknown_type);
        CHECK(unknown.id == json("d"));
        const auto missing = qp::parse(R"({"type":"join","id":4,"code":"K7PQ3M"})");
        CHECK(missing.failure->code == error::bad_message);
        CHECK(missing.id == json(4));
    }
}

TEST_CASE("type") {
    CHECK(refused(R"({})").code == error::bad_message);
    CHECK(refused(R"({"type":["ping"]})").code == error::bad_message);
    CHECK(refused(R"({"type":"Ping"})").code == error::unknown_type);
    // Server types are not client messages.
    CHECK(refused(R"({"type":"pong","t":1,"now":2})").code == error::unknown_type);
}

TEST_CASE("failure messages name the field") {
    CHECK(refused(R"({"type":"join","code":"K7PQ3M","name":7})").message ==
          "join: `name` must be a string");
    CHECK(refused(R"({"type":"join","code":"K7PQ3M"})").message == "join: `name` must be a string");
    CHECK(refused(R"({"type":"join","code":"","name":"Ada"})").message ==
          "join: `code` must be a non-empty string of at most 128 bytes");
    CHECK(refused(R"({"type":"create","quiz":"gk","options":{"count":0}})").message ==
          "create: `options.count` must be an integer >= 1");
    CHECK(refused(R"({"type":"create","quiz":"gk","options":{"scoring":"fast"}})").message ==
          "create: `options.scoring` must be one of `speed`, `accuracy`");
    CHECK(refused(R"({"type":"create","quiz":"gk","options":7})").message ==
          "create: `options` must be an object");
    CHECK(refused(R"({"type":"rate","player_id":"p1","score":9})").message ==
          "rate: `score` must be an integer from 1 to 5");
    CHECK(refused(R"({"type":"override","player_id":"p1","q":0,"credit":2})").message ==
          "override: `credit` must be a number from 0 to 1");
    CHECK(refused(R"({"type":"answer","q":0})").message ==
          "answer: needs exactly one of `choice`, `choices`, `text`, `order`, `value`");
    CHECK(refused(R"({"type":"lock"})").message == "lock: `locked` must be true or false");
}

TEST_CASE("the first failing field is the one reported") {
    CHECK(refused(R"({"type":"override","credit":5})").message ==
          "override: `player_id` must be a non-empty string of at most 128 bytes");
}

TEST_CASE("integers") {
    CHECK(qp::answer_to_json(
              accepted<qp::answer_msg>(R"({"type":"answer","q":0,"choice":2147483647})").value) ==
          qp::answer_to_json(qp::choice_answer{INT_MAX}));
    CHECK(qp::answer_to_json(
              accepted<qp::answer_msg>(R"({"type":"answer","q":0,"choice":-2147483648})").value) ==
          qp::answer_to_json(qp::choice_answer{INT_MIN}));
    CHECK(refused(R"({"type":"answer","q":0,"choice":-2147483649})").code == error::bad_message);
    CHECK(refused(R"({"type":"answer","q":0,"choice":18446744073709551615})").code ==
          error::bad_message);
    CHECK(refused(R"({"type":"answer","q":0,"choice":1e2})").code == error::bad_message);
    CHECK(refused(R"({"type":"answer","q":0,"choices":[1,2.5]})").code == error::bad_message);
    CHECK(refused(R"({"type":"answer","q":0,"order":[1,false]})").code == error::bad_message);
    CHECK(refused(R"({"type":"answer","q":2147483648,"choice":1})").code == error::bad_message);
}

TEST_CASE("answer") {
    const auto text = accepted<qp::answer_msg>(R"({"type":"answer","q":1,"text":"Ada"})");
    CHECK(text.q == 1);
    CHECK(qp::answer_to_json(text.value) == json::parse(R"({"text":"Ada"})"));
    CHECK(qp::answer_to_json(
              accepted<qp::answer_msg>(R"({"type":"answer","q":0,"value":-7})").value) ==
          qp::answer_to_json(qp::value_answer{-7.0}));
    CHECK(qp::answer_to_json(
              accepted<qp::answer_msg>(R"({"type":"answer","q":0,"order":[2,0,1]})").value) ==
          qp::answer_to_json(qp::order_answer{{2, 0, 1}}));
    // A null answer field counts as absent, like any other null optional field.
    CHECK(
        qp::answer_to_json(
            accepted<qp::answer_msg>(R"({"type":"answer","q":0,"choice":3,"text":null})").value) ==
        qp::answer_to_json(qp::choice_answer{3}));
    CHECK(refused(R"({"type":"answer","q":0,"choice":1,"choices":[1]})").code ==
          error::bad_message);
    // Empty text is the game's to judge.
    CHECK(std::get<qp::text_answer>(
              accepted<qp::answer_msg>(R"({"type":"answer","q":0,"text":""})").value)
              .text.empty());
}

TEST_CASE("answer text is limited in code points, not bytes") {
    // 2,000 two-byte characters: 4,000 bytes, still under the frame limit.
    std::string two_thousand;
    for (std::size_t i = 0; i < qp::max_open_text_chars; ++i) {
        two_thousand += "\xc3\xa9";
    }
    const auto m =
        accepted<qp::answer_msg>(R"({"type":"answer","q":0,"text":")" + two_thousand + "\"}");
    CHECK(std::get<qp::text_answer>(m.value).text.size() == 2 * qp::max_open_text_chars);
    CHECK(refused(R"({"type":"answer","q":0,"text":")" + two_thousand + "e\"}").code ==
          error::bad_message);
    // Escapes count as the one character they stand for.
    std::string escaped;
    for (std::size_t i = 0; i < 600; ++i) {
        escaped += "\\u00e9";
    }
    CHECK(
        std::get<qp::text_answer>(
            accepted<qp::answer_msg>(R"({"type":"answer","q":0,"text":")" + escaped + "\"}").value)
            .text.size() == 1200);
}

TEST_CASE("null optional fields count as absent") {
    const auto next = accepted<qp::next_msg>(R"({"type":"next","q":null,"phase":"lobby"})");
    CHECK_FALSE(next.q.has_value());
    CHECK(next.seen_phase == qp::phase::lobby);
    CHECK_FALSE(accepted<qp::join_msg>(R"({"type":"join","code":"C","name":"A","team":null})")
                    .team.has_value());
    const auto create = accepted<qp::create_msg>(
        R"({"type":"create","quiz":"gk","options":{"count":null,"teams":null},"admin_token":null})");
    CHECK_FALSE(create.options.count.has_value());
    CHECK_FALSE(create.options.teams.has_value());
    CHECK_FALSE(create.admin_token.has_value());
    CHECK_FALSE(accepted<qp::create_msg>(R"({"type":"create","quiz":"gk","options":null})")
                    .options.count.has_value());
    // Required fields may not be null.
    CHECK(refused(R"({"type":"lock","locked":null})").code == error::bad_message);
}

TEST_CASE("unknown fields are ignored") {
    const auto m = accepted<qp::join_msg>(
        R"({"type":"join","code":"K7PQ3M","name":"Ada","colour":"red","extra":{"deep":[1]}})");
    CHECK(m.code == "K7PQ3M");
    CHECK(m.name == "Ada");
    accepted<qp::create_msg>(R"({"type":"create","quiz":"gk","options":{"theme":"dark"}})");
}

TEST_CASE("name content is left to the game") {
    CHECK(accepted<qp::join_msg>(R"({"type":"join","code":"C","name":""})").name.empty());
    CHECK(accepted<qp::join_msg>(R"({"type":"join","code":"C","name":"  a\u0007\u202e  "})").name ==
          "  a\a\xe2\x80\xae  ");
}

TEST_CASE("create options") {
    const auto m = accepted<qp::create_msg>(
        R"({"type":"create","quiz":"deck","admin_token":"adm","options":{"count":1,
            "categories":[],"shuffle":false,"time_limit_s":3600,"scoring":"speed",
            "streak_bonus":true,"auto_advance":false,"reveal_s":0,"leaderboard_s":600,
            "podium_s":600,"max_players":1,"teams":["A","B","C","D","E","F","G","H","I","J","K",
            "L","M","N","O","P"],"mode":"classic","format":"best_answer","rating_s":600,
            "league":"0123456789012345678901234567890123456789012345678901234567890123"}})");
    CHECK(m.quiz == "deck");
    CHECK(m.admin_token == "adm");
    const auto& o = m.options;
    CHECK(o.count == 1);
    CHECK(o.categories == std::vector<std::string>{});
    CHECK(o.shuffle == false);
    CHECK(o.time_limit_s == 3600);
    CHECK(o.scoring == "speed");
    CHECK(o.streak_bonus == true);
    CHECK(o.auto_advance == false);
    CHECK(o.reveal_s == 0);
    CHECK(o.leaderboard_s == 600);
    CHECK(o.podium_s == 600);
    CHECK(o.max_players == 1);
    CHECK(o.teams->size() == 16);
    CHECK(o.mode == "classic");
    CHECK(o.format == "best_answer");
    CHECK(o.rating_s == 600);
    CHECK(o.league->size() == 64);
}

TEST_CASE("ping") {
    CHECK(accepted<qp::ping_msg>(R"({"type":"ping"})").t.is_null());
    CHECK(accepted<qp::ping_msg>(R"({"type":"ping","t":[1,{"a":null}]})").t ==
          json::parse(R"([1,{"a":null}])"));
}

TEST_CASE("deep nesting within the frame limit neither crashes nor fails") {
    const std::size_t depth = (qp::max_frame_bytes - 40) / 2;
    const std::string frame =
        R"({"type":"ping","t":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
    const auto m = accepted<qp::ping_msg>(frame);
    CHECK(m.t.is_array());
    CHECK(json::parse(qp::encode(qp::client_message{m})) == json::parse(frame));
}

TEST_CASE("override and next") {
    const auto o =
        accepted<qp::override_msg>(R"({"type":"override","player_id":"p3","q":2,"credit":1})");
    CHECK(o.player_id == "p3");
    CHECK(o.q == 2);
    CHECK(o.credit == 1.0);
    CHECK(accepted<qp::override_msg>(R"({"type":"override","player_id":"p3","q":2,"credit":0})")
              .credit == 0.0);
    const auto n = accepted<qp::next_msg>(R"({"type":"next","q":4,"phase":"leaderboard"})");
    CHECK(n.q == 4);
    CHECK(n.seen_phase == qp::phase::leaderboard);
}
