#include "store/memory_store.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace quizroom;
using game::player_status;

namespace {

game::room_record room_rec(protocol::phase phase, int q, protocol::epoch_ms at) {
    game::room_record r;
    r.code = "ABCDEF";
    r.quiz_id = "three";
    r.phase = phase;
    r.q = q;
    r.host_token_hash = "h:tok-1";
    r.options = nlohmann::json{{"count", 3}};
    r.updated_at = at;
    return r;
}

game::player_record player_rec(std::string id, std::string name, std::string token_hash,
                               int score = 0, player_status status = player_status::active) {
    return {"ABCDEF", std::move(id), std::move(name), std::nullopt, std::move(token_hash), score, 0,
            0,        status};
}

game::answer_record answer_rec(int q, std::string player, int choice, std::int64_t ms, int points) {
    return {"ABCDEF", q, std::move(player), nlohmann::json{{"choice", choice}}, ms, points, 1.0,
            0,        0};
}

/// Commits a batch and returns what the completion reported (nullopt: never called).
std::optional<bool> commit(store::memory_store& s, std::vector<game::record> batch) {
    std::optional<bool> durable;
    int calls = 0;
    s.commit(std::move(batch), [&](bool d) {
        durable = d;
        ++calls;
    });
    CHECK(calls == 1);
    return durable;
}

} // namespace

TEST_CASE("an empty store has nothing and has committed nothing") {
    store::memory_store s;
    CHECK(s.reachable());
    CHECK(s.commits() == 0);
    CHECK_FALSE(s.room("ABCDEF").has_value());
    CHECK(s.players("ABCDEF").empty());
    CHECK(s.answers("ABCDEF", 0).empty());
    CHECK_FALSE(s.session("h:tok-2").has_value());
}

TEST_CASE("commit stores every record of the batch and completes once, durable") {
    store::memory_store s;
    const auto durable =
        commit(s, {room_rec(protocol::phase::lobby, -1, 1000), player_rec("p1", "Ada", "h:tok-2"),
                   player_rec("p2", "Bob", "h:tok-3")});
    CHECK(durable == true);
    CHECK(s.commits() == 1);

    const auto room = s.room("ABCDEF");
    REQUIRE(room.has_value());
    CHECK(room->quiz_id == "three");
    CHECK(room->phase == protocol::phase::lobby);
    CHECK(room->q == -1);
    CHECK(room->host_token_hash == "h:tok-1");
    CHECK(room->options == nlohmann::json{{"count", 3}});
    CHECK(room->updated_at == 1000);

    const auto players = s.players("ABCDEF");
    REQUIRE(players.size() == 2);
    CHECK(players.at("p1").name == "Ada");
    CHECK(players.at("p2").name == "Bob");
    CHECK(s.session("h:tok-2") == std::pair<std::string, std::string>{"ABCDEF", "p1"});
    CHECK(s.session("h:tok-3") == std::pair<std::string, std::string>{"ABCDEF", "p2"});

    CHECK_FALSE(s.room("OTHER1").has_value());
    CHECK(s.players("OTHER1").empty());
}

TEST_CASE("records of one batch apply in order: the last write of a key wins") {
    store::memory_store s;
    commit(s,
           {room_rec(protocol::phase::lobby, -1, 1000),
            room_rec(protocol::phase::question, 0, 2000), player_rec("p1", "Ada", "h:tok-2", 0),
            player_rec("p1", "Ada", "h:tok-2", 950), room_rec(protocol::phase::reveal, 0, 3000)});
    CHECK(s.room("ABCDEF")->phase == protocol::phase::reveal);
    CHECK(s.room("ABCDEF")->updated_at == 3000);
    CHECK(s.players("ABCDEF").at("p1").score == 950);
    CHECK(s.commits() == 1);
}

TEST_CASE("writing the same records again leaves the same state") {
    store::memory_store s;
    const std::vector<game::record> batch = {room_rec(protocol::phase::question, 1, 5000),
                                             player_rec("p1", "Ada", "h:tok-2", 950),
                                             answer_rec(1, "p1", 1, 2000, 1100)};
    commit(s, batch);
    const auto room = s.room("ABCDEF");
    const auto players = s.players("ABCDEF");
    const auto answers = s.answers("ABCDEF", 1);

    commit(s, batch);
    CHECK(s.commits() == 2);
    REQUIRE(s.room("ABCDEF").has_value());
    CHECK(s.room("ABCDEF")->phase == room->phase);
    CHECK(s.room("ABCDEF")->q == room->q);
    CHECK(s.room("ABCDEF")->updated_at == room->updated_at);
    CHECK(s.players("ABCDEF").size() == players.size());
    CHECK(s.players("ABCDEF").at("p1").score == players.at("p1").score);
    REQUIRE(s.answers("ABCDEF", 1).size() == 1);
    CHECK(s.answers("ABCDEF", 1).at("p1").points == answers.at("p1").points);
    CHECK(s.answers("ABCDEF", 1).at("p1").ms == 2000);
    CHECK(s.session("h:tok-2") == std::pair<std::string, std::string>{"ABCDEF", "p1"});
}

TEST_CASE("answers are kept per room, question and player") {
    store::memory_store s;
    commit(s, {answer_rec(0, "p1", 0, 2000, 950), answer_rec(0, "p2", 1, 5000, 0),
               answer_rec(1, "p1", 1, 0, 1100)});
    const auto q0 = s.answers("ABCDEF", 0);
    REQUIRE(q0.size() == 2);
    CHECK(q0.at("p1").answer == nlohmann::json{{"choice", 0}});
    CHECK(q0.at("p1").ms == 2000);
    CHECK(q0.at("p1").points == 950);
    CHECK(q0.at("p1").credit == 1.0);
    CHECK(q0.at("p2").points == 0);
    REQUIRE(s.answers("ABCDEF", 1).size() == 1);
    CHECK(s.answers("ABCDEF", 1).at("p1").points == 1100);
    CHECK(s.answers("ABCDEF", 2).empty());
    CHECK(s.answers("OTHER1", 0).empty());
}

TEST_CASE("a kicked player's session is removed; the record stays for the report") {
    store::memory_store s;
    commit(s, {player_rec("p1", "Ada", "h:tok-2", 700), player_rec("p2", "Bob", "h:tok-3")});
    REQUIRE(s.session("h:tok-2").has_value());

    commit(s, {player_rec("p1", "Ada", "h:tok-2", 700, player_status::kicked)});
    CHECK_FALSE(s.session("h:tok-2").has_value());
    CHECK(s.session("h:tok-3").has_value());
    const auto players = s.players("ABCDEF");
    REQUIRE(players.count("p1") == 1);
    CHECK(players.at("p1").status == player_status::kicked);
    CHECK(players.at("p1").score == 700);

    // Writing the kicked record again changes nothing.
    commit(s, {player_rec("p1", "Ada", "h:tok-2", 700, player_status::kicked)});
    CHECK_FALSE(s.session("h:tok-2").has_value());
}

TEST_CASE("a player who left keeps a session, so that they can rejoin") {
    store::memory_store s;
    commit(s, {player_rec("p1", "Ada", "h:tok-2", 300, player_status::left)});
    CHECK(s.session("h:tok-2") == std::pair<std::string, std::string>{"ABCDEF", "p1"});
    CHECK(s.players("ABCDEF").at("p1").status == player_status::left);
}

TEST_CASE("commits() counts batches, not records; an empty batch still completes") {
    store::memory_store s;
    commit(s, {room_rec(protocol::phase::lobby, -1, 1)});
    commit(s, {player_rec("p1", "Ada", "h:tok-2"), player_rec("p2", "Bob", "h:tok-3"),
               player_rec("p3", "Cy", "h:tok-4")});
    CHECK(s.commits() == 2);
    CHECK(commit(s, {}) == true);
    CHECK(s.commits() == 3);
}

TEST_CASE("uploaded decks: stored by id, the last write wins, unknown ids read as nothing") {
    store::memory_store s;
    CHECK_FALSE(s.deck("quiz-a").has_value());
    commit(s, {game::deck_record{"quiz-a", R"({"id":"quiz-a","v":1})"},
               game::deck_record{"quiz-b", R"({"id":"quiz-b"})"}});
    CHECK(s.deck("quiz-a") == R"({"id":"quiz-a","v":1})");
    CHECK(s.deck("quiz-b") == R"({"id":"quiz-b"})");
    commit(s, {game::deck_record{"quiz-a", R"({"id":"quiz-a","v":2})"}});
    CHECK(s.deck("quiz-a") == R"({"id":"quiz-a","v":2})");
    commit(s, {game::deck_record{"quiz-a", R"({"id":"quiz-a","v":2})"}});
    CHECK(s.deck("quiz-a") == R"({"id":"quiz-a","v":2})");
    CHECK_FALSE(s.deck("quiz-c").has_value());
    // A deck is not a room.
    CHECK_FALSE(s.room("quiz-a").has_value());
}

TEST_CASE("reads are copies: changing one does not change the store") {
    store::memory_store s;
    commit(s, {player_rec("p1", "Ada", "h:tok-2", 10)});
    auto players = s.players("ABCDEF");
    players.at("p1").score = 99999;
    players.erase("p1");
    CHECK(s.players("ABCDEF").at("p1").score == 10);
}
