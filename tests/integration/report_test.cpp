// The host's report and a player's recap over HTTP, checked against the
// answers a real game was played with; and the host deleting the room.

#include "harness.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/redis_process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

namespace quizroom::itest {

namespace {

using headers = std::vector<std::pair<std::string, std::string>>;

headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
}

tk::http_response get(std::uint16_t port, const std::string& target, const std::string& token) {
    return tk::http_request(port, "GET", target, {}, bearer(token));
}

tk::http_response erase(std::uint16_t port, const std::string& code, const std::string& token) {
    return tk::http_request(port, "DELETE", "/api/rooms/" + code, {}, bearer(token));
}

std::string error_code_of(const tk::http_response& r) {
    const auto j = pr::json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("error") ? j["error"].get<std::string>() : r.body;
}

/// What one player did and was told, question by question.
struct played {
    player p;
    std::map<int, int> choice;             ///< by question
    std::map<int, pr::answer_ack_msg> ack; ///< by question
    std::map<int, pr::result_msg> result;  ///< by question
    pr::recap_msg recap;
};

/// Each player answers question `q` with their choice; everyone answered,
/// so the question closes and each gets a result.
void play_question(tk::ws_client& host, std::vector<played*> players, int q) {
    for (auto* x : players) {
        CHECK(x->p.client->expect<pr::question_msg>().q == q);
    }
    for (auto* x : players) {
        x->p.client->send(pr::answer_msg{q, pr::choice_answer{x->choice.at(q)}});
        x->ack[q] = x->p.client->expect<pr::answer_ack_msg>();
        CHECK(x->ack[q].q == q);
    }
    for (auto* x : players) {
        x->result[q] = x->p.client->expect<pr::result_msg>();
    }
    CHECK(host.expect<pr::reveal_msg>().q == q);
}

pr::create_options two_questions() {
    pr::create_options o;
    o.count = 2;
    o.shuffle = false;
    o.time_limit_s = 120; // no question closes by itself during the test
    return o;
}

} // namespace

TEST_CASE("report and recap over HTTP match the answers given; DELETE removes the room") {
    auto server = start_server("report");
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three", two_questions());
    // Question 0's answer is choice 0, question 1's is choice 1.
    played ada{join_player(port, r.code, "Ada"), {{0, 0}, {1, 1}}, {}, {}, {}};
    played bob{join_player(port, r.code, "=Bob"), {{0, 3}, {1, 1}}, {}, {}, {}};
    played cy{join_player(port, r.code, "Cy, \"C\""), {{0, 0}, {1, 2}}, {}, {}, {}};
    std::vector<played*> all{&ada, &bob, &cy};

    host.send(pr::start_msg{});
    play_question(host, all, 0);
    host.send(pr::next_msg{}); // leaderboard
    host.send(pr::next_msg{}); // question 1
    play_question(host, all, 1);
    host.send(pr::next_msg{}); // final standings
    host.send(pr::next_msg{}); // podium
    const auto podium = host.expect<pr::podium_msg>();
    CHECK(podium.report == "/api/rooms/" + r.code + "/report");
    for (auto* x : all) {
        CHECK(x->p.client->expect<pr::podium_msg>().report == podium.report);
        x->recap = x->p.client->expect<pr::recap_msg>();
    }

    // ---- the report, as JSON ---------------------------------------------------
    const auto res = get(port, *podium.report, r.host_token);
    REQUIRE(res.status == 200);
    CHECK(res.content_type == "application/json");
    const auto report = pr::json::parse(res.body);
    CHECK(report.at("code") == r.code);
    CHECK(report.at("phase") == "podium");
    CHECK(report.at("total") == 2);
    CHECK_FALSE(report.at("game_id").get<std::string>().empty());
    CHECK(report.dump().find(r.host_token) == std::string::npos);
    REQUIRE(report.at("questions").size() == 2);
    for (int q = 0; q < 2; ++q) {
        INFO("question ", q);
        const auto& rq = report.at("questions").at(static_cast<std::size_t>(q));
        std::vector<int> distribution(4, 0);
        std::vector<std::int64_t> times;
        int right = 0;
        for (auto* x : all) {
            ++distribution[static_cast<std::size_t>(x->choice.at(q))];
            times.push_back(x->ack.at(q).ms);
            right += x->choice.at(q) == q ? 1 : 0;
        }
        std::sort(times.begin(), times.end());
        CHECK(rq.at("q") == q);
        CHECK(rq.at("answered") == 3);
        CHECK(rq.at("correct_count") == right);
        CHECK(rq.at("accuracy").get<double>() == doctest::Approx(right / 3.0));
        CHECK(rq.at("median_ms").get<double>() == doctest::Approx(times[1]));
        CHECK(rq.at("distribution") == distribution);
        CHECK(rq.at("correct") == pr::json{{"choice", q}});
    }
    REQUIRE(report.at("players").size() == 3);
    for (std::size_t i = 0; i < all.size(); ++i) {
        const played& x = *all[i];
        const auto& rp = report.at("players").at(i);
        INFO("player ", x.p.joined.name);
        CHECK(rp.at("id") == x.p.joined.player_id);
        CHECK(rp.at("name") == x.p.joined.name);
        CHECK(rp.at("score") == x.result.at(1).score);
        CHECK(rp.at("rank") == x.result.at(1).rank);
        int right = 0;
        REQUIRE(rp.at("answers").size() == 2);
        for (int q = 0; q < 2; ++q) {
            const auto& a = rp.at("answers").at(static_cast<std::size_t>(q));
            CHECK(a.at("q") == q);
            CHECK(a.at("answer") == pr::json{{"choice", x.choice.at(q)}});
            CHECK(a.at("ms") == x.ack.at(q).ms);
            CHECK(a.at("points") == x.result.at(q).points);
            CHECK(a.at("fast") == (x.ack.at(q).ms < 100));
            right += x.choice.at(q) == q ? 1 : 0;
        }
        CHECK(rp.at("correct") == right);
    }

    // ---- as CSV ------------------------------------------------------------------
    const auto csv = get(port, *podium.report + "?format=csv", r.host_token);
    REQUIRE(csv.status == 200);
    CHECK(csv.content_type.starts_with("text/csv"));
    CHECK(csv.body.starts_with("player_id,name,team,status,rank,score,correct_answers,"));
    const std::string bob_row =
        bob.p.joined.player_id + ",\"'=Bob\",,active," + std::to_string(bob.result.at(1).rank) +
        "," + std::to_string(bob.result.at(1).score) + ",1," +
        std::to_string(bob.ack.at(0).ms + bob.ack.at(1).ms) +
        ",0,How many legs does a spider have?,4,0,0," + std::to_string(bob.ack.at(0).ms) + ",";
    CHECK_MESSAGE(csv.body.find("\r\n" + bob_row) != std::string::npos, csv.body);
    CHECK(csv.body.find(",\"Cy, \"\"C\"\"\",") != std::string::npos);
    CHECK(get(port, *podium.report + "?format=xml", r.host_token).status == 400);

    // ---- each player's recap, as the `recap` message had it ------------------------
    for (auto* x : all) {
        const auto recap = get(port, "/api/rooms/" + r.code + "/recap", x->p.joined.token);
        REQUIRE(recap.status == 200);
        auto sent = as_json(x->recap);
        sent.erase("type");
        CHECK(pr::json::parse(recap.body) == sent);
    }
    CHECK(pr::json::parse(get(port, "/api/rooms/" + r.code + "/recap", bob.p.joined.token).body)
              .at("items")
              .size() == 1); // Bob missed question 0 only

    // ---- tokens --------------------------------------------------------------------
    for (const auto& token : {ada.p.joined.token, std::string("not-a-token")}) {
        const auto refused = get(port, *podium.report, token);
        CHECK(refused.status == 403);
        CHECK(error_code_of(refused) == "forbidden");
        CHECK(erase(port, r.code, token).status == 403);
    }
    CHECK(tk::http_get(port, *podium.report).status == 403); // no token at all
    CHECK(get(port, "/api/rooms/" + r.code + "/recap", r.host_token).status == 403);
    CHECK(get(port, "/api/rooms/ZZZZZZ/report", r.host_token).status == 404);

    // ---- DELETE: the room ends for everyone, then nothing of it is found ------------
    const auto deleted = erase(port, r.code, r.host_token);
    CHECK(deleted.status == 200);
    CHECK(pr::json::parse(deleted.body) == pr::json{{"code", r.code}, {"deleted", true}});
    for (auto* x : all) {
        CHECK(x->p.client->expect<pr::ended_msg>().reason == "host_ended");
        CHECK(x->p.client->wait_closed() == 4002);
    }
    const auto after = get(port, *podium.report, r.host_token);
    CHECK(after.status == 404);
    CHECK(error_code_of(after) == "not_found");
    CHECK(tk::http_get(port, "/api/rooms/" + r.code).status == 404);
    CHECK(get(port, "/api/rooms/" + r.code + "/recap", ada.p.joined.token).status == 404);
    CHECK(erase(port, r.code, r.host_token).status == 404);
}

TEST_CASE("on Redis, the report outlives the server: read after a restart, then deleted") {
    tk::redis_process redis(std::string(QUIZROOM_TEST_LOG_DIR) + "/redis-report");
    const std::vector<std::string> store{"--store", redis.url()};
    auto server = start_server("report-redis-before", store);
    auto port = server->port();

    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "three", two_questions());
    played ada{join_player(port, r.code, "Ada"), {{0, 0}, {1, 0}}, {}, {}, {}};
    host.send(pr::start_msg{});
    play_question(host, {&ada}, 0);
    host.send(pr::end_msg{}); // straight to the podium, then ended
    const auto podium = host.expect<pr::podium_msg>();
    REQUIRE(podium.report.has_value());
    host.send(pr::next_msg{});
    CHECK(host.expect<pr::ended_msg>().reason == "host_ended");
    const auto before = get(port, *podium.report, r.host_token);
    REQUIRE(before.status == 200);

    server->stop();
    server = start_server("report-redis-after", store);
    port = server->port();
    // The ended room was not resumed: the report comes from the store.
    CHECK(tk::http_get(port, "/api/rooms/" + r.code).status == 404);
    const auto after = get(port, *podium.report, r.host_token);
    REQUIRE(after.status == 200);
    // As stored at the podium: the same questions and players.
    const auto report = pr::json::parse(after.body);
    const auto live = pr::json::parse(before.body);
    CHECK(report.at("phase") == "podium");
    CHECK(report.at("game_id") == live.at("game_id"));
    CHECK(report.at("questions") == live.at("questions"));
    CHECK(report.at("players") == live.at("players"));
    CHECK(report.at("questions").size() == 1);
    CHECK(report.at("players").at(0).at("answers").at(0).at("ms") == ada.ack.at(0).ms);
    CHECK(get(port, *podium.report + "?format=csv", r.host_token).status == 200);
    CHECK(get(port, *podium.report, ada.p.joined.token).status == 403);
    CHECK(erase(port, r.code, ada.p.joined.token).status == 403);

    CHECK(erase(port, r.code, r.host_token).status == 200);
    CHECK(get(port, *podium.report, r.host_token).status == 404);
    CHECK(redis.query({"KEYS", "qr:{" + r.code + "}*"}).items.empty());
    CHECK(redis.query({"KEYS", "qr:session:*"}).items.empty()); // Ada's
    CHECK(redis.query({"KEYS", "qr:report:*"}).items.empty());
}

} // namespace quizroom::itest
