// A player whose socket drops comes back with `rejoin` and keeps their
// identity and score.

#include "harness.hpp"

#include <doctest/doctest.h>

namespace quizroom::itest {

TEST_CASE("a dropped player rejoins with their token and keeps their score") {
    auto server = start_server("rejoin");
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three");
    std::vector<player> players;
    players.push_back(join_player(port, r.code, "Ada"));
    players.push_back(join_player(port, r.code, "Bob"));
    for (const auto& p : players)
        CHECK(host.expect<pr::player_joined_msg>().player.id == p.joined.player_id);
    const auto ada_id = players[0].joined.player_id;
    const auto ada_token = players[0].joined.token;

    // Question 0: Ada right, Bob wrong.
    host.send(pr::start_msg{});
    CHECK(host.expect<pr::question_msg>().q == 0);
    for (auto& p : players)
        CHECK(p.client->expect<pr::question_msg>().q == 0);
    players[0].client->send(pr::answer_msg{0, pr::choice_answer{0}});
    CHECK(players[0].client->expect<pr::answer_ack_msg>().q == 0);
    players[1].client->send(pr::answer_msg{0, pr::choice_answer{3}});
    CHECK(players[1].client->expect<pr::answer_ack_msg>().q == 0);
    auto ada_result = players[0].client->expect<pr::result_msg>();
    CHECK(ada_result.correct == true);
    REQUIRE(ada_result.points > 0);
    const int ada_score = ada_result.score;
    CHECK(ada_score == ada_result.points);
    CHECK(players[1].client->expect<pr::result_msg>().score == 0);
    host.expect<pr::reveal_msg>();

    // Ada's socket drops.
    players[0].client->close(1001);
    {
        auto left = host.expect<pr::player_left_msg>();
        CHECK(left.player_id == ada_id);
        CHECK_FALSE(left.gone);
        CHECK(left.players == 2); // a disconnected player still counts
        const auto view = host_view(port, r);
        CHECK(view["players"] == 2);
        CHECK(view["connected"] == 1);
    }

    SUBCASE("a bogus token or room is refused") {
        tk::ws_client intruder("intruder");
        intruder.connect(port);
        intruder.send(pr::rejoin_msg{r.code, std::string(32, 'f')}, "r-bad");
        auto e = intruder.expect_frame<pr::error_msg>();
        CHECK(e.message.code == pr::error::forbidden);
        CHECK(e.id == pr::json("r-bad"));
        // The host token is not a player token either.
        intruder.send(pr::rejoin_msg{r.code, r.host_token}, "r-host");
        CHECK(intruder.expect<pr::error_msg>().code == pr::error::forbidden);
        const std::string other = r.code == "XXXXXX" ? "YYYYYY" : "XXXXXX";
        intruder.send(pr::rejoin_msg{other, ada_token}, "r-room");
        CHECK(intruder.expect<pr::error_msg>().code == pr::error::not_found);
        CHECK(intruder.is_open());
        CHECK(host_view(port, r)["connected"] == 1);
    }

    SUBCASE("rejoin restores the player, who plays on") {
        tk::ws_client back("Ada again");
        back.connect(port, "/ws?room=" + r.code);
        back.send(pr::rejoin_msg{r.code, ada_token}, "r-1");
        auto joined = back.expect_frame<pr::joined_msg>();
        CHECK(joined.id == pr::json("r-1"));
        CHECK(joined.message.player_id == ada_id);
        CHECK(joined.message.name == "Ada");
        auto state = back.expect_frame<pr::state_msg>();
        CHECK(state.seq > joined.seq);
        CHECK(state.message.current == pr::phase::reveal);
        CHECK(state.message.q == 0);
        REQUIRE(state.message.you.has_value());
        CHECK(state.message.you->player_id == ada_id);
        CHECK(state.message.you->score == ada_score);
        CHECK(state.message.connected == 2);
        {
            auto again = host.expect<pr::player_joined_msg>();
            CHECK(again.player.id == ada_id);
            CHECK(again.players == 2);
        }
        // A newer token may have been issued; either way the player goes on.
        host.send(pr::next_msg{});
        CHECK(back.expect<pr::leaderboard_msg>().q == 0);
        host.send(pr::next_msg{});
        CHECK(back.expect<pr::question_msg>().q == 1);
        CHECK(players[1].client->expect<pr::question_msg>().q == 1);
        back.send(pr::answer_msg{1, pr::choice_answer{1}}, "a-1");
        auto ack = back.expect_frame<pr::answer_ack_msg>();
        CHECK(ack.id == pr::json("a-1"));
        CHECK(ack.message.q == 1);
        players[1].client->send(pr::answer_msg{1, pr::choice_answer{1}});
        CHECK(players[1].client->expect<pr::answer_ack_msg>().q == 1);
        CHECK(back.expect<pr::reveal_msg>().q == 1);
        auto result = back.expect<pr::result_msg>();
        CHECK(result.correct == true);
        CHECK(result.streak == 2);
        CHECK(result.score == ada_score + result.points);
        CHECK(result.points > 0);
    }
    CHECK(server->running());
}

} // namespace quizroom::itest
