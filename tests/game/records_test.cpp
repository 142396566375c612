// Records as the JSON objects a networked store keeps: every field comes
// back, and anything malformed is refused without throwing.

#include "game/records.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace quizroom;
using nlohmann::json;
using protocol::phase;

namespace {

game::room_record full_room() {
    game::room_record r;
    r.code = "ABCDEF";
    r.quiz_id = "three";
    r.phase = phase::question;
    r.q = 2;
    r.locked = true;
    r.paused = true;
    r.host_token_hash = "h:tok-1";
    r.options = json{{"shuffle", true}, {"count", 2}, {"league", "class-7a"}};
    r.updated_at = 1700000000123;
    r.seed = std::numeric_limits<std::uint64_t>::max();
    r.game_id = "h:game:tok-1";
    r.opened_at = 1700000000000;
    r.deadline = 1700000020000;
    r.paused_total_ms = 1500;
    r.paused_at = 1700000010000;
    r.remaining_ms = 8500;
    r.advance_at = 1700000030000;
    r.final = true;
    r.end_reason = "host_ended";
    r.next_player_number = 7;
    r.candidate = "p2";
    r.rating_deadline = 1700000040000;
    r.rated = true;
    r.ratings = {{"p1", 4}, {"p3", 5}};
    r.host_rating = 3;
    return r;
}

game::player_record full_player() {
    return {"ABCDEF", "p3", "Zoë", "Red", "h:tok-4", 2875, 2, 10400, game::player_status::kicked};
}

game::answer_record full_answer() {
    return {"ABCDEF", 1, "p3", json{{"choices", {0, 2}}}, 4200, 625, 0.5, 0, 2};
}

/// Through text, as a store writes and reads it.
json stored(const json& j) {
    return json::parse(j.dump());
}

/// Copies of `j` that each lack one field (other than the `optional` ones,
/// which may be left out) or set one field to a value that does not fit.
std::vector<json> broken(const json& j, const std::set<std::string>& optional,
                         const std::vector<std::pair<std::string, json>>& bad) {
    std::vector<json> out;
    for (const auto& [key, value] : j.items()) {
        if (!optional.contains(key)) {
            json without = j;
            without.erase(key);
            out.push_back(without);
        }
    }
    for (const auto& [key, value] : bad) {
        json changed = j;
        changed[key] = value;
        out.push_back(changed);
    }
    return out;
}

} // namespace

TEST_CASE("room record: every field survives the round trip; phase as its wire name") {
    const auto original = full_room();
    const json j = game::to_json(original);
    CHECK(j.at("phase") == "question");
    const auto back = game::room_record_from_json(stored(j));
    REQUIRE(back.has_value());
    CHECK(back->code == "ABCDEF");
    CHECK(back->quiz_id == "three");
    CHECK(back->phase == phase::question);
    CHECK(back->q == 2);
    CHECK(back->locked);
    CHECK(back->paused);
    CHECK(back->host_token_hash == "h:tok-1");
    CHECK(back->options == original.options);
    CHECK(back->updated_at == 1700000000123);
    CHECK(back->seed == std::numeric_limits<std::uint64_t>::max());
    CHECK(back->game_id == "h:game:tok-1");
    CHECK(back->opened_at == 1700000000000);
    CHECK(back->deadline == 1700000020000);
    CHECK(back->paused_total_ms == 1500);
    CHECK(back->paused_at == 1700000010000);
    CHECK(back->remaining_ms == 8500);
    CHECK(back->advance_at == 1700000030000);
    CHECK(back->final);
    CHECK(back->end_reason == "host_ended");
    CHECK(back->next_player_number == 7);
    CHECK(back->candidate == "p2");
    CHECK(back->rating_deadline == 1700000040000);
    CHECK(back->rated);
    CHECK(back->ratings == std::map<std::string, int>{{"p1", 4}, {"p3", 5}});
    CHECK(back->host_rating == 3);

    // The defaults of a fresh lobby too: no question, no pending advance.
    game::room_record fresh;
    fresh.options = json::object();
    const auto lobby = game::room_record_from_json(stored(game::to_json(fresh)));
    REQUIRE(lobby.has_value());
    CHECK(lobby->phase == phase::lobby);
    CHECK(lobby->q == -1);
    CHECK_FALSE(lobby->advance_at.has_value());
    CHECK(lobby->seed == 0);
    CHECK_FALSE(lobby->candidate.has_value());
    CHECK(lobby->ratings.empty());
}

TEST_CASE("records written before interview mode and overrides still load, with defaults") {
    json room = game::to_json(full_room());
    for (const char* key : {"candidate", "rating_deadline", "rated", "ratings", "host_rating"}) {
        room.erase(key);
    }
    const auto r = game::room_record_from_json(room);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->candidate.has_value());
    CHECK_FALSE(r->rating_deadline.has_value());
    CHECK_FALSE(r->rated);
    CHECK(r->ratings.empty());
    CHECK_FALSE(r->host_rating.has_value());

    json answer = game::to_json(full_answer());
    answer.erase("streak_before");
    const auto a = game::answer_record_from_json(answer);
    REQUIRE(a.has_value());
    CHECK_FALSE(a->streak_before.has_value());
}

TEST_CASE("room record: the seed is kept as digits, exactly, whatever reads the JSON") {
    auto r = full_room();
    r.seed = 18446744073709551557ull; // a double would round it
    const json j = game::to_json(r);
    CHECK(j.at("seed") == "18446744073709551557");
    CHECK(game::room_record_from_json(stored(j))->seed == 18446744073709551557ull);
}

TEST_CASE("player record: every field survives; status as its wire name; no team is null") {
    const json j = game::to_json(full_player());
    CHECK(j.at("status") == "kicked");
    const auto back = game::player_record_from_json(stored(j));
    REQUIRE(back.has_value());
    CHECK(back->code == "ABCDEF");
    CHECK(back->player_id == "p3");
    CHECK(back->name == "Zoë");
    CHECK(back->team == "Red");
    CHECK(back->token_hash == "h:tok-4");
    CHECK(back->score == 2875);
    CHECK(back->streak == 2);
    CHECK(back->total_ms == 10400);
    CHECK(back->status == game::player_status::kicked);

    auto lone = full_player();
    lone.team.reset();
    lone.status = game::player_status::left;
    const json k = game::to_json(lone);
    CHECK(k.at("team").is_null());
    const auto lone_back = game::player_record_from_json(stored(k));
    REQUIRE(lone_back.has_value());
    CHECK_FALSE(lone_back->team.has_value());
    CHECK(lone_back->status == game::player_status::left);
}

TEST_CASE("answer record: every field survives; an unscored answer has a null credit") {
    const auto back = game::answer_record_from_json(stored(game::to_json(full_answer())));
    REQUIRE(back.has_value());
    CHECK(back->code == "ABCDEF");
    CHECK(back->q == 1);
    CHECK(back->player_id == "p3");
    CHECK(back->answer == json{{"choices", {0, 2}}});
    CHECK(back->ms == 4200);
    CHECK(back->points == 625);
    CHECK(back->credit == 0.5);
    CHECK(back->streak_after == 0);
    CHECK(back->streak_before == 2);

    auto poll = full_answer();
    poll.credit.reset();
    poll.streak_after = 3;
    const json j = game::to_json(poll);
    CHECK(j.at("credit").is_null());
    const auto poll_back = game::answer_record_from_json(stored(j));
    REQUIRE(poll_back.has_value());
    CHECK_FALSE(poll_back->credit.has_value());
    CHECK(poll_back->streak_after == 3);
}

TEST_CASE("room record: a missing or ill-typed field, or not an object, is refused") {
    const json good = game::to_json(full_room());
    REQUIRE(game::room_record_from_json(good).has_value());
    auto cases = broken(
        good, {"advance_at", "candidate", "rating_deadline", "rated", "ratings", "host_rating"},
        {{"code", 1},
         {"phase", "intermission"},
         {"phase", 1},
         {"q", "2"},
         {"q", 2.0},
         {"q", -2},
         {"q", 4294967296LL},
         {"locked", 1},
         {"paused", "true"},
         {"options", json::array()},
         {"options", nullptr},
         {"updated_at", 1.5},
         {"seed", 12},
         {"seed", "-1"},
         {"seed", "12x"},
         {"seed", ""},
         {"seed", "18446744073709551616"},
         {"deadline", true},
         {"deadline", 18446744073709551615ull},
         {"remaining_ms", -1},
         {"advance_at", "soon"},
         {"final", nullptr},
         {"next_player_number", 0},
         {"candidate", 2},
         {"rating_deadline", "soon"},
         {"rated", "yes"},
         {"ratings", json::array()},
         {"ratings", {{"p1", 6}}},
         {"ratings", {{"p1", "4"}}},
         {"host_rating", 0}});
    cases.push_back(json::array());
    cases.push_back(nullptr);
    cases.push_back("room");
    for (const auto& j : cases) {
        CAPTURE(j.dump());
        std::optional<game::room_record> r;
        CHECK_NOTHROW(r = game::room_record_from_json(j));
        CHECK_FALSE(r.has_value());
    }
    // advance_at may be left out: it means none.
    json without_advance = good;
    without_advance.erase("advance_at");
    const auto r = game::room_record_from_json(without_advance);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->advance_at.has_value());
}

TEST_CASE("player record: a missing or ill-typed field is refused") {
    const json good = game::to_json(full_player());
    const auto cases = broken(good, {"team"},
                              {{"player_id", nullptr},
                               {"team", 3},
                               {"score", "10"},
                               {"score", 10.5},
                               {"streak", -1},
                               {"total_ms", false},
                               {"status", "banned"},
                               {"status", 2}});
    for (const auto& j : cases) {
        CAPTURE(j.dump());
        std::optional<game::player_record> p;
        CHECK_NOTHROW(p = game::player_record_from_json(j));
        CHECK_FALSE(p.has_value());
    }
}

TEST_CASE("answer record: a missing or ill-typed field is refused") {
    const json good = game::to_json(full_answer());
    const auto cases = broken(good, {"credit", "streak_before"},
                              {{"q", -1},
                               {"answer", 2},
                               {"answer", nullptr},
                               {"ms", "4200"},
                               {"ms", -5},
                               {"points", 1.5},
                               {"credit", "half"},
                               {"credit", 1.5},
                               {"credit", -0.1},
                               {"streak_after", true},
                               {"streak_before", -1}});
    for (const auto& j : cases) {
        CAPTURE(j.dump());
        std::optional<game::answer_record> a;
        CHECK_NOTHROW(a = game::answer_record_from_json(j));
        CHECK_FALSE(a.has_value());
    }
}
