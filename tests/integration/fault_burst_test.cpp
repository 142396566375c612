// `kill -9` of a Redis-backed server while 30 players answer the same
// question at once, twice in one game: every answer a player saw
// acknowledged is in Redis, and after the restarts the final scores hold
// exactly the points its acknowledged time earns.

#include "harness.hpp"
#include "tests/support/http_post.hpp"
#include "tests/support/redis_process.hpp"

#include <doctest/doctest.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace quizroom::itest {

namespace {

constexpr int player_count = 30;
constexpr int question_count = 3; // the `three` deck, unshuffled: answers 0, 1, 2

/// The choice player `i` makes on question `q`: right, except for one player in four.
int choice_of(int i, int q) {
    return (i + q) % 4 == 0 ? (q + 1) % 4 : q;
}

/// Each player's connection, rebuilt after every restart.
struct seat {
    std::string name;
    pr::joined_msg joined;
    std::unique_ptr<tk::ws_client> client;
    std::map<int, pr::answer_ack_msg> acks; ///< by question: what the server promised
    std::map<int, std::int64_t> unacked_ms; ///< by question: stored, but its ack was lost
};

/// Every player sends its answer to `q` at the same moment, each from a
/// thread of its own; the thread that receives ack number `kill_after` sends
/// the server SIGKILL at once, while the other answers are still on their
/// way. Returns how many acks arrived (an answer whose ack was cut off by the
/// kill is not one).
int burst_and_kill(std::vector<seat>& seats, int q, int kill_after, tk::server_process& server) {
    std::mutex m;
    std::condition_variable cv;
    bool go = false;
    int acked = 0;
    std::vector<std::optional<pr::answer_ack_msg>> acks(seats.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seats.size(); ++i) {
        // Each client is used by this thread alone until it is joined; the
        // server process by whichever thread holds `m`.
        threads.emplace_back([&, i] {
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return go; });
            }
            try {
                auto& c = *seats[i].client;
                c.send(pr::answer_msg{q, pr::choice_answer{choice_of(static_cast<int>(i), q)}});
                auto ack = c.expect<pr::answer_ack_msg>();
                std::lock_guard lock(m);
                acks[i] = ack;
                if (++acked == kill_after) {
                    server.kill();
                }
            } catch (const std::exception&) {
                // The server died before this answer was acknowledged.
            }
        });
    }
    {
        std::lock_guard lock(m);
        go = true;
    }
    cv.notify_all();
    for (auto& t : threads) {
        t.join();
    }
    // Fewer acks than `kill_after` would mean the server failed on its own.
    REQUIRE(acked >= kill_after);
    for (std::size_t i = 0; i < seats.size(); ++i) {
        if (acks[i]) {
            seats[i].acks[q] = *acks[i];
        }
    }
    return acked;
}

/// Every seat reconnects with `rejoin`; the returned states say who has
/// answered the open question.
std::vector<pr::state_msg> rejoin_all(std::vector<seat>& seats, std::uint16_t port,
                                      const std::string& code) {
    std::vector<pr::state_msg> states;
    for (auto& s : seats) {
        s.client = std::make_unique<tk::ws_client>(s.name);
        s.client->connect(port, "/ws?room=" + code);
        s.client->send(pr::rejoin_msg{code, s.joined.token}, "rejoin");
        CHECK(s.client->expect_frame<pr::joined_msg>().id == pr::json("rejoin"));
        states.push_back(s.client->expect<pr::state_msg>());
    }
    return states;
}

std::unique_ptr<tk::ws_client> attach_host(std::uint16_t port, const room& r) {
    auto host = std::make_unique<tk::ws_client>("host");
    host->connect(port, "/ws?room=" + r.code);
    host->send(pr::host_msg{r.code, r.host_token});
    host->expect<pr::state_msg>();
    return host;
}

/// The stored answer of `player_id` to `q`, as the server wrote it.
std::optional<pr::json> stored_answer(const tk::redis_process& redis, const std::string& code,
                                      int q, const std::string& player_id) {
    const auto reply =
        redis.query({"HGET", "qr:{" + code + "}:answers:" + std::to_string(q), player_id});
    if (!reply.ok || !reply.str) {
        return std::nullopt;
    }
    return pr::json::parse(*reply.str);
}

/// Every acknowledged answer to `q` is in Redis with the time its ack
/// promised; answers stored whose ack was lost are noted. Returns how many
/// answers to `q` Redis holds.
int check_stored(std::vector<seat>& seats, const tk::redis_process& redis, const std::string& code,
                 int q) {
    int found = 0;
    for (auto& s : seats) {
        const auto stored = stored_answer(redis, code, q, s.joined.player_id);
        found += stored ? 1 : 0;
        if (!s.acks.contains(q)) {
            if (stored) {
                s.unacked_ms[q] = stored->at("ms").get<std::int64_t>();
            }
            continue;
        }
        const auto& ack = s.acks.at(q);
        INFO(s.name, " was acknowledged ", ack.ms, " ms on question ", q);
        CHECK(ack.q == q);
        // Redis was up all along: every ack is the durable kind.
        CHECK(ack.durable.value_or(true));
        REQUIRE(stored.has_value());
        CHECK(stored->at("ms") == ack.ms);
    }
    return found;
}

} // namespace

TEST_CASE("kill -9 during an answer burst: every acknowledged answer is in Redis and in the "
          "final scores") {
    tk::redis_process redis(std::string(QUIZROOM_TEST_LOG_DIR) + "/redis-burst");
    const std::vector<std::string> store{"--store", redis.url()};
    int run = 0;
    auto server = start_server("burst-" + std::to_string(run), store);
    INFO("first server log: ", server->log_path());

    auto host = std::make_unique<tk::ws_client>("host");
    host->connect(server->port());
    pr::create_options options;
    options.shuffle = false;
    options.time_limit_s = 120;   // no question closes by itself during the test
    options.streak_bonus = false; // each answer's points depend on its own time alone
    const room r = create_room(*host, "three", options);

    std::vector<seat> seats;
    for (int i = 0; i < player_count; ++i) {
        auto p = join_player(server->port(), r.code, "P" + std::to_string(i));
        seat s;
        s.name = "P" + std::to_string(i);
        s.joined = p.joined;
        s.client = std::move(p.client);
        seats.push_back(std::move(s));
    }
    host->send(pr::start_msg{});

    // Question 0: the kill follows the very first ack; question 1: the second;
    // question 2 is played to the end without a kill.
    const std::map<int, int> kill_after{{0, 1}, {1, 2}};
    std::int64_t time_limit_ms = 0;
    int kills = 0;
    for (int q = 0; q < question_count; ++q) {
        for (auto& s : seats) {
            // After a rejoin, the frame of the question played before may still be queued.
            const auto question =
                s.client->expect_if<pr::question_msg>([&](const auto& m) { return m.q == q; });
            time_limit_ms = question.time_limit_ms;
        }
        if (!kill_after.contains(q)) {
            for (std::size_t i = 0; i < seats.size(); ++i) {
                seats[i].client->send(
                    pr::answer_msg{q, pr::choice_answer{choice_of(static_cast<int>(i), q)}});
                seats[i].acks[q] = seats[i].client->expect<pr::answer_ack_msg>();
            }
            host->expect<pr::reveal_msg>();
            host->send(pr::next_msg{});
            host->expect<pr::leaderboard_msg>();
            host->send(pr::next_msg{});
            continue;
        }

        const int acked = burst_and_kill(seats, q, kill_after.at(q), *server);
        ++kills;
        host.reset();

        // Nothing runs against Redis now: what is there is what the dead server stored.
        const int found = check_stored(seats, redis, r.code, q);
        MESSAGE("question ", q, ": ", seats.size(), " players answered at once; ", acked,
                " acks arrived before kill -9; ", found, " answers found in Redis after it");

        // A new process on the same Redis resumes the room.
        server = start_server("burst-" + std::to_string(++run), store);
        INFO("server log after kill ", kills, ": ", server->log_path());
        host = attach_host(server->port(), r);
        const auto states = rejoin_all(seats, server->port(), r.code);
        for (const auto& st : states) {
            CHECK(st.q == q);
        }
        if (states.front().current == pr::phase::question) {
            int answered = 0;
            for (std::size_t i = 0; i < seats.size(); ++i) {
                REQUIRE(states[i].you.has_value());
                INFO(seats[i].name, " after kill ", kills);
                if (seats[i].acks.contains(q)) {
                    CHECK(states[i].you->answered);
                }
                answered += states[i].you->answered ? 1 : 0;
            }
            CHECK(answered == found);
            // Those whose answer was lost with its ack answer again.
            for (std::size_t i = 0; i < seats.size(); ++i) {
                if (states[i].you->answered) {
                    continue;
                }
                seats[i].client->send(
                    pr::answer_msg{q, pr::choice_answer{choice_of(static_cast<int>(i), q)}});
                seats[i].acks[q] = seats[i].client->expect<pr::answer_ack_msg>();
            }
            host->expect<pr::reveal_msg>();
        } else {
            // Every answer was stored before the kill, and the question had closed.
            CHECK(states.front().current == pr::phase::reveal);
            CHECK(found == player_count);
        }
        host->send(pr::next_msg{});
        host->expect<pr::leaderboard_msg>();
        host->send(pr::next_msg{});
    }
    const auto podium = host->expect<pr::podium_msg>();
    REQUIRE(podium.report.has_value());

    // The report lists every answer the game counted, with its time and points.
    const auto res = tk::http_request(server->port(), "GET", *podium.report, {},
                                      {{"Authorization", "Bearer " + r.host_token}});
    REQUIRE(res.status == 200);
    const auto report = pr::json::parse(res.body);
    REQUIRE(report.at("players").size() == seats.size());
    int counted = 0;
    for (std::size_t i = 0; i < seats.size(); ++i) {
        const auto& s = seats[i];
        const auto& rp = report.at("players").at(i);
        INFO(s.name);
        REQUIRE(rp.at("id") == s.joined.player_id);
        std::map<int, pr::json> answers;
        for (const auto& a : rp.at("answers")) {
            answers[a.at("q").get<int>()] = a;
        }
        int expected_score = 0;
        for (int q = 0; q < question_count; ++q) {
            INFO("question ", q);
            REQUIRE(answers.contains(q));
            const auto& a = answers.at(q);
            // Every answer counts with the time its ack promised; one stored
            // just before a kill that cut its ack off, with the stored time.
            REQUIRE((s.acks.contains(q) || s.unacked_ms.contains(q)));
            const std::int64_t ms = s.acks.contains(q) ? s.acks.at(q).ms : s.unacked_ms.at(q);
            CHECK(a.at("ms") == ms);
            const int points = a.at("points").get<int>();
            if (choice_of(static_cast<int>(i), q) == q) {
                CHECK(speed_points_match(points, 1000, ms, time_limit_ms, 1.0, 0));
            } else {
                CHECK(points == 0);
            }
            expected_score += points;
            counted += s.acks.contains(q) ? 1 : 0;
        }
        CHECK(rp.at("score") == expected_score);
        const auto last = s.client->expect_if<pr::result_msg>(
            [](const auto& m) { return m.q == question_count - 1; });
        CHECK(last.score == expected_score);
        CHECK(redis.query({"ZSCORE", "qr:{" + r.code + "}:lb", s.joined.player_id}).str ==
              std::to_string(expected_score));
    }
    MESSAGE(counted, " of ", player_count * question_count,
            " answers were acknowledged, and all are in the final scores; kills: ", kills);
    CHECK(server->running());
}

} // namespace quizroom::itest
