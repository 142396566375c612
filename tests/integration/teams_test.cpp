// A team game over real sockets: players pick a team or are balanced into
// the smallest, a team scores the rounded average of its members' scores
// (PROTOCOL.md, "Answer time and scoring"), and the teams go into the league.

#include "harness.hpp"

#include "tests/support/http_get.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace quizroom::itest {
namespace {

struct team_player {
    std::string name;
    std::string team; ///< the team the server put them in
    player p;
};

/// Joins `name`, asking for `team` (nullopt: any team), and checks what the
/// player is told: `joined.team` and `state.you.team`.
player join_team(std::uint16_t port, const std::string& code, const std::string& name,
                 const std::optional<std::string>& team,
                 const std::optional<std::string>& expected_team) {
    player p;
    p.client = std::make_unique<tk::ws_client>(name);
    p.client->connect(port, "/ws?room=" + code);
    p.client->send(pr::join_msg{code, name, team}, "join-" + name);
    auto joined = p.client->expect_frame<pr::joined_msg>();
    CHECK(joined.id == pr::json("join-" + name));
    CHECK(joined.message.team == expected_team);
    // `team` is always written in `joined`, null without one (protocol/PROTOCOL.md).
    CHECK(pr::json::parse(joined.text).at("team") ==
          (expected_team ? pr::json(*expected_team) : pr::json(nullptr)));
    p.state = p.client->expect<pr::state_msg>();
    REQUIRE(p.state.you.has_value());
    CHECK(p.state.you->team == expected_team);
    p.joined = std::move(joined.message);
    return p;
}

/// The team standings PROTOCOL.md asks for: per team (in the host's order)
/// the rounded average of its members' scores, best first, ties sharing a
/// rank; teams without members left out.
std::vector<pr::team_standing> expected_teams(const std::vector<std::string>& teams,
                                              const std::vector<team_player>& players,
                                              const std::map<std::string, int>& scores) {
    std::vector<pr::team_standing> out;
    for (const auto& team : teams) {
        long long sum = 0;
        int members = 0;
        for (const auto& tp : players) {
            if (tp.team == team) {
                sum += scores.at(tp.name);
                ++members;
            }
        }
        if (members > 0) {
            // Scores are never negative: half up is the usual rounding.
            const double average = static_cast<double>(sum) / members;
            out.push_back({team, static_cast<int>(std::floor(average + 0.5)), 0});
        }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].rank =
            i > 0 && out[i].score == out[i - 1].score ? out[i - 1].rank : static_cast<int>(i) + 1;
    }
    return out;
}

void check_teams(const std::optional<std::vector<pr::team_standing>>& got,
                 const std::vector<pr::team_standing>& want) {
    REQUIRE(got.has_value());
    REQUIRE(got->size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        INFO("team ", i, ": ", (*got)[i].name, " ", (*got)[i].score, " rank ", (*got)[i].rank);
        CHECK((*got)[i].name == want[i].name);
        CHECK((*got)[i].score == want[i].score);
        CHECK((*got)[i].rank == want[i].rank);
    }
}

} // namespace

TEST_CASE("a team game: picked and balanced teams, team scores the rounded average, the league") {
    auto server = start_server("teams");
    INFO("server log: ", server->log_path());
    const auto port = server->port();

    tk::ws_client host("host");
    host.connect(port);
    const std::vector<std::string> teams = {"Red", "Blue"};
    pr::create_options options;
    options.teams = teams;
    options.count = 2; // `mini` unshuffled: a choice (answer 1), then a true/false (true: 0)
    options.league = "bootcamp";
    const room r = create_room(host, "mini", options);

    // A phone learns the teams before it joins.
    const auto summary = tk::http_get(port, "/api/rooms/" + r.code);
    REQUIRE(summary.status == 200);
    CHECK(pr::json::parse(summary.body).at("teams") == pr::json(teams));

    // A team that is not one of the room's: bad_message, and nobody joined.
    {
        tk::ws_client stray("stray");
        stray.connect(port, "/ws?room=" + r.code);
        stray.send(pr::join_msg{r.code, "Stray", std::string("Green")}, "join-green");
        const auto e = stray.expect_frame<pr::error_msg>();
        CHECK(e.id == pr::json("join-green"));
        CHECK(e.message.code == pr::error::bad_message);
        CHECK(host_view(port, r).at("players") == 0);
    }

    // Uneven on purpose: Red gets Ada and, balanced, Linus; Blue gets Grace.
    std::vector<team_player> players;
    players.push_back({"Ada", "Red", join_team(port, r.code, "Ada", "Red", "Red")});
    players.push_back({"Grace", "Blue", join_team(port, r.code, "Grace", "Blue", "Blue")});
    players.push_back({"Linus", "Red", join_team(port, r.code, "Linus", std::nullopt, "Red")});
    for (const auto& tp : players) {
        const auto joined = host.expect_if<pr::player_joined_msg>(
            [&](const pr::player_joined_msg& m) { return m.player.name == tp.name; });
        CHECK(joined.player.team == std::optional<std::string>(tp.team));
    }
    const auto roster = host_view(port, r).at("roster");
    REQUIRE(roster.size() == 3);
    CHECK(roster[2].at("team") == "Red");

    // Who answers what: Ada right then wrong, Grace right twice, Linus wrong then right.
    const std::vector<std::vector<int>> picks = {{1, 1}, {1, 0}, {0, 0}};
    std::map<std::string, int> scores;
    for (int q = 0; q < 2; ++q) {
        CAPTURE(q);
        host.send(q == 0 ? pr::client_message{pr::start_msg{}}
                         : pr::client_message{pr::next_msg{}});
        for (auto& tp : players) {
            CHECK(tp.p.client->expect<pr::question_msg>().q == q);
        }
        for (std::size_t i = 0; i < players.size(); ++i) {
            players[i].p.client->send(pr::answer_msg{q, pr::choice_answer{picks[i][q]}});
            players[i].p.client->expect<pr::answer_ack_msg>();
        }
        // Everyone answered: the question closes by itself.
        host.expect<pr::reveal_msg>();
        for (auto& tp : players) {
            const auto result = tp.p.client->expect<pr::result_msg>();
            CHECK(result.q == q);
            scores[tp.name] = result.score;
        }
        host.send(pr::next_msg{});
        const auto want = expected_teams(teams, players, scores);
        const auto board = host.expect<pr::leaderboard_msg>();
        CHECK(board.q == q);
        check_teams(board.teams, want);
        for (auto& tp : players) {
            check_teams(tp.p.client->expect<pr::leaderboard_msg>().teams, want);
        }
    }
    // The answers above make the teams' scores differ.
    CHECK(scores.at("Ada") > 0);
    CHECK(scores.at("Grace") > scores.at("Ada"));

    host.send(pr::next_msg{});
    const auto want = expected_teams(teams, players, scores);
    const auto podium = host.expect<pr::podium_msg>();
    check_teams(podium.teams, want);
    for (auto& tp : players) {
        check_teams(tp.p.client->expect<pr::podium_msg>().teams, want);
    }
    CHECK(want.at(0).name == "Blue");

    // Teams carry into the league, with the scores of the podium.
    const auto league = tk::http_get(port, "/api/leagues/bootcamp");
    REQUIRE(league.status == 200);
    const auto body = pr::json::parse(league.body);
    REQUIRE(body.at("teams").size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        const auto& row = body.at("teams")[i];
        CHECK(row.at("name") == want[i].name);
        CHECK(row.at("total") == want[i].score);
        CHECK(row.at("rank") == want[i].rank);
        CHECK(row.at("games") == 1);
    }
    CHECK(body.at("players").size() == 3);
}

TEST_CASE("a room without teams says so, and takes no team at join") {
    auto server = start_server("no-teams");
    INFO("server log: ", server->log_path());
    const auto port = server->port();
    tk::ws_client host("host");
    host.connect(port);
    const room r = create_room(host, "mini");
    const auto summary = tk::http_get(port, "/api/rooms/" + r.code);
    REQUIRE(summary.status == 200);
    CHECK(pr::json::parse(summary.body).at("teams") == pr::json::array());
    // A team asked for in a room without teams is not an error: it is not kept.
    auto ada = join_team(port, r.code, "Ada", std::string("Red"), std::nullopt);
    auto grace = join_team(port, r.code, "Grace", std::nullopt, std::nullopt);
}

} // namespace quizroom::itest
