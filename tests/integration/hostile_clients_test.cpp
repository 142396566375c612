// 500 hostile connections beside a normal game of 20 players: garbage,
// wrong types, oversized frames, floods, binary frames, guessed rooms and
// forged tokens, bare TCP noise, handshakes left half done and players that
// never read. The game must end with exactly the scores its answers earned,
// and each hostile connection gets what the protocol promises it.

#include "harness.hpp"
#include "hostile_swarm.hpp"
#include "tests/support/http_get.hpp"
#include "tests/support/http_post.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <thread>

namespace quizroom::itest {

namespace {

constexpr int player_count = 20;
constexpr int question_count = 3; // the `three` deck, unshuffled: answers 0, 1, 2
// Each connection's rounds of bad messages: about 1,000 a second from the
// whole swarm, fewer when the server answers more slowly than that.
constexpr auto hostile_interval = 1s;

/// The hostile mix: 500 connections in all.
const std::vector<std::pair<hostile_kind, int>> hostile_mix{
    {hostile_kind::malformed_json, 60}, {hostile_kind::invalid_utf8, 20},
    {hostile_kind::wrong_types, 60},    {hostile_kind::unknown_type, 50},
    {hostile_kind::binary, 50},         {hostile_kind::oversized, 40},
    {hostile_kind::flood, 20},          {hostile_kind::unknown_room, 50},
    {hostile_kind::forged_token, 50},   {hostile_kind::tcp_garbage, 40},
    {hostile_kind::half_upgrade, 40},   {hostile_kind::never_reads, 20},
};

int choice_of(int i, int q) {
    return (i + q) % 4 == 0 ? (q + 1) % 4 : q;
}

/// The error codes the protocol promises a kind of message that keeps its
/// socket open; the join-like ones may also meet the per-address and
/// per-code join limits, which answer `rate_limited`.
std::set<std::string> promised_codes(hostile_kind kind) {
    switch (kind) {
    case hostile_kind::malformed_json:
    case hostile_kind::binary:
        return {"bad_json"};
    case hostile_kind::wrong_types:
        return {"bad_message"};
    case hostile_kind::unknown_type:
        return {"unknown_type"};
    case hostile_kind::unknown_room:
        return {"not_found", "rate_limited"};
    case hostile_kind::forged_token:
        return {"forbidden", "rate_limited"};
    default:
        return {};
    }
}

/// Checks one hostile connection against what PROTOCOL.md promises its kind.
void check_outcome(const hostile_outcome& o) {
    INFO(to_string(o.kind), " from ", o.source, ": sent ", o.sent, ", ", o.errors.size(),
         " errors, ", o.other_frames, " other frames, close ", o.close_code.value_or(0),
         std::string(o.ended ? ", hung up" : ""));
    REQUIRE(o.connected);
    switch (o.kind) {
    case hostile_kind::tcp_garbage:
        // Not HTTP: the server hangs up rather than wait for more.
        CHECK(o.ended);
        return;
    case hostile_kind::half_upgrade:
        CHECK(o.upgrade_status == 0); // nothing to answer yet
        return;
    case hostile_kind::never_reads:
        return; // checked in the room: it joined, and it changed nobody's score
    default:
        break;
    }
    REQUIRE(o.upgrade_status == 101);
    CHECK(o.sent > 0);
    if (o.kind == hostile_kind::oversized) {
        CHECK(o.close_code == 1009);
        for (const auto& e : o.errors) {
            CHECK(e == "too_big"); // "an error too_big may precede the close"
        }
        CHECK(o.other_frames == 0);
        return;
    }
    if (o.kind == hostile_kind::invalid_utf8) {
        // Not a bad message but a broken WebSocket stream: RFC 6455 has the
        // server fail the connection, with 1007 and no `error` frame.
        CHECK(o.close_code == 1007);
        CHECK(o.errors.empty());
        return;
    }
    if (o.kind == hostile_kind::flood) {
        CHECK(o.close_code == 1008);
        CHECK(!o.errors.empty());
        for (const auto& e : o.errors) {
            CHECK(e == "rate_limited");
        }
        // The burst the bucket allows was answered (`pong`), and not the rest.
        CHECK(o.other_frames >= 40);
        CHECK(o.other_frames < o.sent);
        return;
    }
    // A bad message gets its error and leaves the socket open.
    CHECK_FALSE(o.close_code.has_value());
    CHECK_FALSE(o.ended);
    CHECK(static_cast<int>(o.errors.size()) == o.sent);
    CHECK(o.other_frames == 0);
    const auto promised = promised_codes(o.kind);
    for (const auto& e : o.errors) {
        CHECK(promised.contains(e));
    }
}

/// Waits until the swarm has had `more` errors answered: hostile traffic
/// between each step of the game, however fast the game goes.
void wait_for_hostile_replies(const hostile_swarm& swarm, int more) {
    const int target = swarm.errors_seen() + more;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (swarm.errors_seen() < target && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(5ms);
    }
    REQUIRE(swarm.errors_seen() >= target);
}

} // namespace

TEST_CASE("500 hostile connections beside a 20-player game: the game ends with the scores its "
          "answers earned") {
    const auto began = std::chrono::steady_clock::now();
    auto server = start_server("hostile");
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    tk::ws_client host("host");
    host.connect(port);
    pr::create_options options;
    options.shuffle = false;
    options.time_limit_s = 120;   // the host closes each question with `next`
    options.streak_bonus = false; // each answer's points depend on its own time alone
    const room r = create_room(host, "three", options);
    std::vector<player> players;
    for (int i = 0; i < player_count; ++i) {
        players.push_back(join_player(port, r.code, "P" + std::to_string(i)));
    }

    // A player kicked before the game: its token is stale, and stays void.
    auto gone = join_player(port, r.code, "Gone");
    host.send(pr::kick_msg{gone.joined.player_id});
    gone.client->expect<pr::kicked_msg>();

    // Those that never read join first, in a swarm of their own, so that
    // join limits per room code never see them behind the forged rejoins.
    hostile_swarm lurking(port, r.code, "");
    hostile_swarm swarm(port, r.code, gone.joined.token);
    int connections = 0;
    int lurkers = 0;
    for (const auto& [kind, count] : hostile_mix) {
        (kind == hostile_kind::never_reads ? lurking : swarm).add(kind, count);
        connections += count;
        lurkers += kind == hostile_kind::never_reads ? count : 0;
    }
    REQUIRE(connections == 500);
    lurking.start(hostile_interval);
    for (int i = 0; i < player_count + 1 + lurkers; ++i) {
        const auto joined = host.expect<pr::player_joined_msg>();
        if (i < player_count) {
            CHECK(joined.player.name == "P" + std::to_string(i));
        }
    }
    swarm.start(hostile_interval);

    // The game, while the swarm goes on. Those that never read do not
    // answer, so the host closes each question.
    host.send(pr::start_msg{});
    std::vector<int> scores(player_count, 0);
    for (int q = 0; q < question_count; ++q) {
        wait_for_hostile_replies(swarm, 200);
        std::int64_t time_limit_ms = 0;
        for (auto& p : players) {
            time_limit_ms = p.client->expect<pr::question_msg>().time_limit_ms;
        }
        std::vector<pr::answer_ack_msg> acks;
        for (int i = 0; i < player_count; ++i) {
            players[i].client->send(pr::answer_msg{q, pr::choice_answer{choice_of(i, q)}});
            acks.push_back(players[i].client->expect<pr::answer_ack_msg>());
            CHECK(acks.back().q == q);
        }
        wait_for_hostile_replies(swarm, 200);
        host.send(pr::next_msg{});
        const auto reveal = host.expect<pr::reveal_msg>();
        CHECK(reveal.answered == player_count);
        for (int i = 0; i < player_count; ++i) {
            INFO("P", i, " on question ", q);
            const auto result = players[i].client->expect<pr::result_msg>();
            if (choice_of(i, q) == q) {
                CHECK(result.correct == true);
                CHECK(speed_points_match(result.points, 1000, acks[i].ms, time_limit_ms, 1.0, 0));
            } else {
                CHECK(result.points == 0);
            }
            scores[i] += result.points;
            CHECK(result.score == scores[i]);
            CHECK(result.of == player_count + lurkers);
        }
        host.send(pr::next_msg{});
        host.expect<pr::leaderboard_msg>();
        host.send(pr::next_msg{});
    }
    const auto podium = host.expect<pr::podium_msg>();
    REQUIRE(podium.report.has_value());
    REQUIRE(podium.top.size() == 3);
    CHECK(podium.top[0].score == *std::max_element(scores.begin(), scores.end()));
    const auto game_over = std::chrono::steady_clock::now();

    auto outcomes = swarm.stop(10s);
    for (auto& o : lurking.stop(10s)) {
        outcomes.push_back(std::move(o));
    }

    // The room: every player's score as the answers earned it; Gone and the
    // lurkers at 0.
    const auto res = tk::http_request(port, "GET", *podium.report, {},
                                      {{"Authorization", "Bearer " + r.host_token}});
    REQUIRE(res.status == 200);
    const auto report = pr::json::parse(res.body);
    REQUIRE(report.at("players").size() == static_cast<std::size_t>(player_count + 1 + lurkers));
    CHECK(report.at("players").at(player_count).at("status") == "kicked");
    for (std::size_t i = 0; i < report.at("players").size(); ++i) {
        const auto& rp = report.at("players").at(i);
        CHECK(rp.at("score") == (i < scores.size() ? scores[i] : 0));
    }
    // The host screen was never sent an error.
    for (const auto& f : host.drain()) {
        INFO("host got: ", f.text);
        CHECK(f.type() != "error");
    }

    // The hostile connections, kind by kind.
    std::map<std::string, int> errors_by_code;
    std::map<int, int> closes_by_code;
    int garbage_sent = 0;
    int flood_sent = 0;
    int hung_up = 0;
    for (const auto& o : outcomes) {
        check_outcome(o);
        (o.kind == hostile_kind::flood ? flood_sent : garbage_sent) += o.sent;
        hung_up += o.ended ? 1 : 0;
        for (const auto& e : o.errors) {
            ++errors_by_code[e];
        }
        if (o.close_code) {
            ++closes_by_code[*o.close_code];
        }
    }

    // Still healthy, and a new room takes a new player.
    CHECK(tk::http_get(port, "/healthz").status == 200);
    const auto ready = tk::http_get(port, "/readyz");
    CHECK(ready.status == 200);
    CHECK(ready.body.find("\"ready\"") != std::string::npos);
    tk::ws_client host2("host after");
    host2.connect(port);
    const room after = create_room(host2, "three");
    join_player(port, after.code, "After");
    CHECK(server->running());

    std::ostringstream figures;
    figures << connections << " hostile connections; " << garbage_sent
            << " bad messages and garbage writes, and " << flood_sent
            << " flood messages written (a flood writes until it sees its close); errors "
               "received:";
    for (const auto& [code, n] : errors_by_code) {
        figures << " " << code << " " << n;
    }
    figures << "; closes:";
    for (const auto& [code, n] : closes_by_code) {
        figures << " " << code << " x" << n;
    }
    figures << "; hung up by the server: " << hung_up << "; game: " << player_count
            << " players and " << lurkers << " that never read, " << question_count
            << " questions, top score " << podium.top[0].score << ", podium after "
            << std::chrono::duration_cast<std::chrono::milliseconds>(game_over - began).count()
            << " ms";
    MESSAGE(figures.str());
}

} // namespace quizroom::itest
