// quizroom on Redis survives its own crash and Redis's: `kill -9` in the
// middle of a question, a restart on the same Redis, and every player back
// with their score; a Redis restart mid-game that loses no answer; leagues
// across two games.

#include "harness.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/redis_process.hpp"

#include <doctest/doctest.h>

#include <map>
#include <thread>

namespace quizroom::itest {

namespace {

std::string redis_dir(const std::string& name) {
    return std::string(QUIZROOM_TEST_LOG_DIR) + "/redis-" + name;
}

/// Connects and sends `rejoin`; the `joined` is taken, the `state` returned.
pr::state_msg rejoin(tk::ws_client& c, std::uint16_t port, const std::string& code,
                     const std::string& token) {
    c.connect(port, "/ws?room=" + code);
    c.send(pr::rejoin_msg{code, token}, "rejoin");
    CHECK(c.expect_frame<pr::joined_msg>().id == pr::json("rejoin"));
    return c.expect<pr::state_msg>();
}

pr::create_options long_questions() {
    pr::create_options o;
    o.time_limit_s = 120; // no question closes by itself during the test
    return o;
}

} // namespace

TEST_CASE("kill -9 mid-question: the room comes back from Redis and nothing acknowledged is lost") {
    tk::redis_process redis(redis_dir("crash"));
    const std::vector<std::string> store{"--store", redis.url()};
    auto server = start_server("crash-before", store);
    INFO("server log: ", server->log_path());
    auto port = server->port();

    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three", long_questions());
    auto ada = join_player(port, r.code, "Ada");
    auto bob = join_player(port, r.code, "Bob");
    auto eve = join_player(port, r.code, "Eve");
    host.send(pr::kick_msg{eve.joined.player_id});
    eve.client->expect<pr::kicked_msg>();

    // Question 0: Ada right, Bob wrong; everyone connected answered, so it closes.
    host.send(pr::start_msg{});
    CHECK(ada.client->expect<pr::question_msg>().q == 0);
    CHECK(bob.client->expect<pr::question_msg>().q == 0);
    ada.client->send(pr::answer_msg{0, pr::choice_answer{0}});
    CHECK(ada.client->expect<pr::answer_ack_msg>().durable.value_or(true));
    bob.client->send(pr::answer_msg{0, pr::choice_answer{3}});
    bob.client->expect<pr::answer_ack_msg>();
    const auto ada_q0 = ada.client->expect<pr::result_msg>();
    REQUIRE(ada_q0.points > 0);
    CHECK(bob.client->expect<pr::result_msg>().score == 0);
    host.send(pr::next_msg{}); // leaderboard
    host.expect<pr::leaderboard_msg>();
    host.send(pr::next_msg{}); // question 1
    const auto q1 = ada.client->expect<pr::question_msg>();
    CHECK(q1.q == 1);
    bob.client->expect<pr::question_msg>();

    // Ada answers question 1 and sees it acknowledged; Cy joins late: then the crash.
    ada.client->send(pr::answer_msg{1, pr::choice_answer{1}});
    const auto ada_ack = ada.client->expect<pr::answer_ack_msg>();
    CHECK(ada_ack.q == 1);
    CHECK(ada_ack.durable.value_or(true));
    // The ack went out after the write: Redis already has the answer.
    CHECK(redis.query({"HEXISTS", "qr:{" + r.code + "}:answers:1", ada.joined.player_id}).str ==
          "1");
    auto cy = join_player(port, r.code, "Cy");
    server->kill();
    const auto killed_at = now_epoch_ms();

    // A second of downtime, then a new process on the same Redis.
    std::this_thread::sleep_for(1s);
    auto restarted = start_server("crash-after", store);
    INFO("restarted server log: ", restarted->log_path());
    port = restarted->port();
    const auto downtime = now_epoch_ms() - killed_at;

    tk::ws_client ada2("Ada after");
    const auto ada_state = rejoin(ada2, port, r.code, ada.joined.token);
    CHECK(ada_state.current == pr::phase::question);
    CHECK(ada_state.q == 1);
    REQUIRE(ada_state.you.has_value());
    CHECK(ada_state.you->score == ada_q0.score);
    CHECK(ada_state.you->answered);
    REQUIRE(ada_state.deadline.has_value());
    // The question gets back (at least) the time the server was down.
    CHECK(*ada_state.deadline >= q1.deadline + downtime - 1000);

    tk::ws_client bob2("Bob after");
    const auto bob_state = rejoin(bob2, port, r.code, bob.joined.token);
    REQUIRE(bob_state.you.has_value());
    CHECK_FALSE(bob_state.you->answered);
    CHECK(bob_state.you->score == 0);

    // The token issued just before the crash works; the kicked one stays void.
    tk::ws_client cy2("Cy after");
    CHECK(rejoin(cy2, port, r.code, cy.joined.token).you->player_id == cy.joined.player_id);
    tk::ws_client eve2("Eve after");
    eve2.connect(port, "/ws?room=" + r.code);
    eve2.send(pr::rejoin_msg{r.code, eve.joined.token});
    CHECK(eve2.expect<pr::error_msg>().code == pr::error::forbidden);

    tk::ws_client host2("host after");
    host2.connect(port, "/ws?room=" + r.code);
    host2.send(pr::host_msg{r.code, r.host_token});
    const auto host_state = host2.expect<pr::state_msg>();
    CHECK(host_state.current == pr::phase::question);
    CHECK(host_state.players == 3);

    // Bob and Cy answer; Ada's answer from before the crash counts at the reveal.
    bob2.send(pr::answer_msg{1, pr::choice_answer{1}});
    bob2.expect<pr::answer_ack_msg>();
    cy2.send(pr::answer_msg{1, pr::choice_answer{0}});
    cy2.expect<pr::answer_ack_msg>();
    const auto reveal = host2.expect<pr::reveal_msg>();
    CHECK(reveal.q == 1);
    CHECK(reveal.answered == 3);
    CHECK(reveal.correct_count == 2);
    const auto ada_q1 = ada2.expect<pr::result_msg>();
    CHECK(ada_q1.correct == true);
    CHECK(ada_q1.streak == 2);
    CHECK(ada_q1.score == ada_q0.score + ada_q1.points);

    // The game plays to its end.
    host2.send(pr::next_msg{});
    host2.expect<pr::leaderboard_msg>();
    host2.send(pr::next_msg{});
    CHECK(ada2.expect<pr::question_msg>().q == 2);
    for (auto* c : {&ada2, &bob2, &cy2}) {
        c->send(pr::answer_msg{2, pr::choice_answer{2}});
        c->expect<pr::answer_ack_msg>();
    }
    host2.expect<pr::reveal_msg>();
    host2.send(pr::next_msg{});
    host2.expect<pr::leaderboard_msg>();
    host2.send(pr::next_msg{});
    const auto podium = host2.expect<pr::podium_msg>();
    REQUIRE(!podium.top.empty());
    CHECK(podium.top[0].name == "Ada");
    CHECK(restarted->running());
}

TEST_CASE("a Redis restart mid-game: answers go on, not durable, and reach Redis when it is back") {
    tk::redis_process redis(redis_dir("outage"));
    auto server = start_server("redis-outage", {"--store", redis.url()});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    CHECK(tk::http_get(port, "/readyz").body.find("\"ready\"") != std::string::npos);

    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three", long_questions());
    auto ada = join_player(port, r.code, "Ada");
    auto bob = join_player(port, r.code, "Bob");
    host.send(pr::start_msg{});
    ada.client->expect<pr::question_msg>();
    bob.client->expect<pr::question_msg>();

    redis.stop();
    // Until the server notices, an answer may still be taken as durable and
    // wait; ask readiness until it reports the outage.
    for (int i = 0; i < 200; ++i) {
        if (tk::http_get(port, "/readyz").body.find("degraded") != std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    const auto ready = tk::http_get(port, "/readyz");
    CHECK(ready.status == 200);
    CHECK(ready.body.find("degraded") != std::string::npos);

    ada.client->send(pr::answer_msg{0, pr::choice_answer{0}});
    const auto ack = ada.client->expect<pr::answer_ack_msg>();
    CHECK(ack.durable == false);
    bob.client->send(pr::answer_msg{0, pr::choice_answer{0}});
    bob.client->expect<pr::answer_ack_msg>();
    const auto result = ada.client->expect<pr::result_msg>();
    CHECK(result.points > 0);

    redis.start();
    bool stored = false;
    for (int i = 0; i < 200 && !stored; ++i) {
        stored = redis.query({"HLEN", "qr:{" + r.code + "}:answers:0"}).str == "2";
        std::this_thread::sleep_for(50ms);
    }
    CHECK(stored);
    CHECK(redis.query({"ZSCORE", "qr:{" + r.code + "}:lb", ada.joined.player_id}).str ==
          std::to_string(result.score));
    host.send(pr::next_msg{});
    host.expect<pr::leaderboard_msg>();
    host.send(pr::next_msg{});
    ada.client->expect<pr::question_msg>();
    ada.client->send(pr::answer_msg{1, pr::choice_answer{1}});
    CHECK(ada.client->expect<pr::answer_ack_msg>().durable.value_or(true));
    CHECK(tk::http_get(port, "/readyz").body.find("\"ready\"") != std::string::npos);
}

TEST_CASE("a league adds up two games, by player name") {
    tk::redis_process redis(redis_dir("league"));
    auto server = start_server("league", {"--store", redis.url()});
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    CHECK(tk::http_get(port, "/api/leagues/club").status == 404);

    std::map<std::string, int> totals;
    for (int game = 0; game < 2; ++game) {
        tk::ws_client host("host");
        host.connect(port);
        pr::create_options options = long_questions();
        options.count = 1;
        options.league = "club";
        const room r = create_room(host, "three", options);
        auto ada = join_player(port, r.code, game == 0 ? "Ada" : "ADA");
        auto bob = join_player(port, r.code, "Bob");
        host.send(pr::start_msg{});
        // `three` unshuffled: the first question's right choice is 0.
        CHECK(ada.client->expect<pr::question_msg>().q == 0);
        const int right = 0;
        ada.client->send(pr::answer_msg{0, pr::choice_answer{right}});
        ada.client->expect<pr::answer_ack_msg>();
        bob.client->send(pr::answer_msg{0, pr::choice_answer{game == 0 ? 3 : right}});
        bob.client->expect<pr::answer_ack_msg>();
        totals["Ada"] += ada.client->expect<pr::result_msg>().score;
        totals["Bob"] += bob.client->expect<pr::result_msg>().score;
        host.send(pr::next_msg{});
        host.expect<pr::leaderboard_msg>();
        host.send(pr::next_msg{});
        // The podium goes out once the game's league entry is stored.
        host.expect<pr::podium_msg>();
    }
    const auto res = tk::http_get(port, "/api/leagues/club");
    REQUIRE(res.status == 200);
    const auto body = pr::json::parse(res.body);
    REQUIRE(body["players"].size() == 2);
    for (const auto& row : body["players"]) {
        CHECK(row["games"] == 2);
        // "Ada" and "ADA" are one player: names are case-folded.
        const std::string name = row["name"];
        const std::string key = name == "ADA" ? "Ada" : name;
        CHECK(row["total"] == totals[key]);
    }
    CHECK(body["players"][0]["rank"] == 1);
}

} // namespace quizroom::itest

namespace quizroom::itest {

TEST_CASE("SIGTERM mid-question drains, and after a restart the question goes on with every "
          "answer") {
    tk::redis_process redis(redis_dir("drain"));
    const std::vector<std::string> store{"--store", redis.url()};
    auto server = start_server("drain-before", store);
    INFO("server log: ", server->log_path());

    tk::ws_client host("host");
    host.connect(server->port());
    const room r = create_room(host, "three", long_questions());
    auto ada = join_player(server->port(), r.code, "Ada");
    auto bob = join_player(server->port(), r.code, "Bob");
    host.send(pr::start_msg{});
    const auto q0 = ada.client->expect<pr::question_msg>();
    bob.client->expect<pr::question_msg>();
    ada.client->send(pr::answer_msg{0, pr::choice_answer{0}});
    ada.client->expect<pr::answer_ack_msg>();

    // SIGTERM: every client is told to come back, and closed with 1012.
    const int status = server->stop();
    CHECK(tk::describe_wait_status(status) == "exited with 0");
    for (auto* c : {&host, ada.client.get(), bob.client.get()}) {
        CHECK(c->expect<pr::error_msg>().code == pr::error::unavailable);
        CHECK(c->wait_closed() == 1012);
    }

    auto restarted = start_server("drain-after", store);
    INFO("restarted server log: ", restarted->log_path());
    const auto port = restarted->port();
    tk::ws_client ada2("Ada after");
    const auto ada_state = rejoin(ada2, port, r.code, ada.joined.token);
    CHECK(ada_state.current == pr::phase::question);
    CHECK(ada_state.q == 0);
    REQUIRE(ada_state.you.has_value());
    CHECK(ada_state.you->answered);
    REQUIRE(ada_state.deadline.has_value());
    CHECK(*ada_state.deadline >= q0.deadline);

    tk::ws_client bob2("Bob after");
    CHECK_FALSE(rejoin(bob2, port, r.code, bob.joined.token).you->answered);
    bob2.send(pr::answer_msg{0, pr::choice_answer{0}});
    bob2.expect<pr::answer_ack_msg>();
    const auto ada_result = ada2.expect<pr::result_msg>();
    CHECK(ada_result.correct == true);
    CHECK(ada_result.points > 0);
    CHECK(bob2.expect<pr::result_msg>().correct == true);
}

} // namespace quizroom::itest
