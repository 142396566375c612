// The Redis backend against a real redis-server: group commit, pipelining,
// concurrent writers, an outage and its bounded queue.

#include "tests/store/backends.hpp"
#include "tests/store/records.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>

using namespace quizroom;
using namespace quizroom::store_tests;
using protocol::phase;

TEST_CASE("an acknowledgement never precedes its write: Redis has it when the ack arrives") {
    redis_backend b;
    std::mutex m;
    std::vector<std::string> seen_in_redis;
    std::atomic<int> acks{0};
    for (int i = 0; i < 20; ++i) {
        const auto id = "p" + std::to_string(i);
        b.store().commit({answer_rec("ACK234", 0, id, 100 + i)}, [&, id](bool durable) {
            // Ask Redis itself, from inside the completion.
            const auto r = b.redis.query({"HEXISTS", store::redis_keys::answers("ACK234", 0), id});
            std::lock_guard lock(m);
            if (durable && r.str == "1") {
                seen_in_redis.push_back(id);
            }
            ++acks;
        });
    }
    REQUIRE(eventually([&] { return acks == 20; }));
    CHECK(seen_in_redis.size() == 20);
}

TEST_CASE("many commits go out in few round trips, and every one is stored") {
    redis_backend b;
    constexpr int answers = 600;
    std::atomic<int> durable{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            for (int i = t; i < answers; i += 4) {
                b.store().commit({answer_rec("PIPE23", 0, "p" + std::to_string(i), i)},
                                 [&](bool d) { durable += d ? 1 : 0; });
            }
        });
    }
    for (auto& w : writers) {
        w.join();
    }
    REQUIRE(eventually([&] { return durable == answers; }));
    CHECK(b.redis.query({"HLEN", store::redis_keys::answers("PIPE23", 0)}).str ==
          std::to_string(answers));
    const auto trips = b.redis_store().round_trips();
    MESSAGE(answers, " commits in ", trips, " round trips");
    CHECK(trips < answers / 10);
}

TEST_CASE("scores written by hundreds of concurrent players are all exact") {
    redis_backend b;
    constexpr int players = 400;
    std::atomic<int> done{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
        writers.emplace_back([&, t] {
            for (int i = t; i < players; i += 8) {
                const auto id = "p" + std::to_string(i);
                b.store().commit(
                    {answer_rec("SCOR45", 2, id, i), player_rec("SCOR45", id, 1000 + i)},
                    [&](bool) { ++done; });
            }
        });
    }
    for (auto& w : writers) {
        w.join();
    }
    REQUIRE(eventually([&] { return done == players; }));
    CHECK(b.redis.query({"ZCARD", store::redis_keys::leaderboard("SCOR45")}).str ==
          std::to_string(players));
    for (int i = 0; i < players; i += 37) {
        const auto id = "p" + std::to_string(i);
        CHECK(b.redis.query({"ZSCORE", store::redis_keys::leaderboard("SCOR45"), id}).str ==
              std::to_string(1000 + i));
    }
}

TEST_CASE("during an outage writes are acknowledged as not durable, queued, and stored when "
          "Redis is back") {
    redis_backend b;
    REQUIRE(commit_and_wait(b.store(), {room_rec("OUT567", phase::question, 0)}) == true);

    b.redis.stop();
    REQUIRE(eventually([&] { return !b.store().reachable(); }));
    CHECK(commit_and_wait(b.store(), {answer_rec("OUT567", 0, "p1", 700),
                                      player_rec("OUT567", "p1", 700)}) == false);
    CHECK(commit_and_wait(b.store(), {player_rec("OUT567", "p1", 900)}) == false);
    CHECK(b.store().accepting());

    b.redis.start();
    REQUIRE(eventually([&] { return b.store().reachable(); }));
    REQUIRE(eventually([&] {
        return b.redis.query({"ZSCORE", store::redis_keys::leaderboard("OUT567"), "p1"}).str ==
               "900";
    }));
    CHECK(b.redis.query({"HEXISTS", store::redis_keys::answers("OUT567", 0), "p1"}).str == "1");
    CHECK(commit_and_wait(b.store(), {player_rec("OUT567", "p2", 0)}) == true);
}

TEST_CASE("a full outage queue refuses new rooms and joins until Redis is back") {
    store::redis_store_options options;
    options.max_queued_records = 3;
    redis_backend b(options);
    REQUIRE(b.store().accepting());
    b.redis.stop();
    REQUIRE(eventually([&] { return !b.store().reachable(); }));
    CHECK(commit_and_wait(b.store(),
                          {player_rec("FULL89", "p1", 0), player_rec("FULL89", "p2", 0)}) == false);
    CHECK(b.store().accepting());
    CHECK(commit_and_wait(b.store(), {player_rec("FULL89", "p3", 0)}) == false);
    CHECK_FALSE(b.store().accepting());

    b.redis.start();
    REQUIRE(eventually([&] { return b.store().accepting(); }));
    REQUIRE(eventually([&] {
        return b.redis.query({"HLEN", store::redis_keys::players("FULL89")}).str == "3";
    }));
}

TEST_CASE("an ended room is not resumed after a restart") {
    redis_backend b;
    REQUIRE(commit_and_wait(b.store(), {room_rec("END234", phase::question, 0)}) == true);
    CHECK(b.read("END234").has_value());
    REQUIRE(commit_and_wait(b.store(), {room_rec("END234", phase::ended, 0)}) == true);
    CHECK_FALSE(b.read("END234").has_value());
}

TEST_CASE("room keys expire a day after the room's last write") {
    redis_backend b;
    REQUIRE(commit_and_wait(b.store(),
                            {room_rec("TTL234", phase::question, 0), player_rec("TTL234", "p1", 0),
                             answer_rec("TTL234", 0, "p1", 0)}) == true);
    for (const auto& key :
         {store::redis_keys::room("TTL234"), store::redis_keys::players("TTL234"),
          store::redis_keys::answers("TTL234", 0), store::redis_keys::session("h:TTL234-p1")}) {
        const auto ttl = std::stoll(b.redis.query({"TTL", key}).str.value_or("-2"));
        CHECK(ttl > 86000);
        CHECK(ttl <= 86400);
    }
}

TEST_CASE("the heartbeat dates the node's last moment alive") {
    redis_backend b;
    REQUIRE(eventually([&] { return b.redis.query({"GET", "qr:heartbeat"}).str.has_value(); }));
    std::string why;
    const auto snapshot =
        store::load_redis_snapshot(*store::parse_redis_url(b.redis.url(), why), why);
    REQUIRE(snapshot.has_value());
    REQUIRE(snapshot->heartbeat.has_value());
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    CHECK(*snapshot->heartbeat <= now);
    CHECK(*snapshot->heartbeat > now - 60'000);
}

TEST_CASE("the store URL's password and database are used") {
    redis_backend b({}, {"--requirepass", "s3cret"}, "s3cret", 3);
    REQUIRE(b.connected());
    b.redis.password = "s3cret";
    REQUIRE(commit_and_wait(b.store(), {room_rec("DB3456", phase::lobby, -1)}) == true);
    b.redis.db = 3;
    CHECK(b.redis.query({"EXISTS", store::redis_keys::room("DB3456")}).str == "1");
    b.redis.db = 0;
    CHECK(b.redis.query({"EXISTS", store::redis_keys::room("DB3456")}).str == "0");
}

TEST_CASE("a wrong password keeps the store unreachable, and its writes queued") {
    redis_backend b({}, {"--requirepass", "s3cret"}, "wrong", 0);
    CHECK_FALSE(b.connected());
    CHECK(commit_and_wait(b.store(), {room_rec("PW3456", phase::lobby, -1)}) == false);
}

TEST_CASE("a report lives 30 days under its game id, apart from the room's day-long keys") {
    redis_backend b;
    REQUIRE(commit_and_wait(b.store(), {room_rec("REP234", phase::podium, 0),
                                        report_rec("REP234", "game-REP234")}) == true);
    for (const auto& key :
         {store::redis_keys::report("game-REP234"), store::redis_keys::report_of("REP234")}) {
        INFO(key);
        const auto ttl = std::stoll(b.redis.query({"TTL", key}).str.value_or("-2"));
        CHECK(ttl >= 2'591'000);
        CHECK(ttl <= 2'592'000);
    }
    CHECK(b.redis.query({"GET", store::redis_keys::report_of("REP234")}).str == "game-REP234");
    const auto stored =
        nlohmann::json::parse(b.redis.query({"GET", "qr:report:game-REP234"}).str.value_or(""));
    CHECK(stored.at("host_token_hash") == "h:host-REP234");
    CHECK(stored.at("report").at("players").at(0).at("answers").at(0).at("fast") == true);
    // A later write of the room renews the room's keys, not the report's.
    REQUIRE(commit_and_wait(b.store(), {room_rec("REP234", phase::ended, 0)}) == true);
    CHECK(std::stoll(b.redis.query({"TTL", store::redis_keys::room("REP234")}).str.value_or("0")) <=
          86400);
    CHECK(std::stoll(b.redis.query({"TTL", "qr:report:game-REP234"}).str.value_or("0")) > 86400);
}

TEST_CASE("erasing a room leaves no key of it in Redis") {
    redis_backend b;
    REQUIRE(commit_and_wait(b.store(),
                            {room_rec("ERA234", phase::reveal, 1), player_rec("ERA234", "p1", 900),
                             player_rec("ERA234", "p2", 0, game::player_status::left),
                             answer_rec("ERA234", 0, "p1", 900), answer_rec("ERA234", 1, "p1", 0),
                             report_rec("ERA234", "game-ERA234")}) == true);
    REQUIRE(b.redis.query({"SET", store::redis_keys::owner("ERA234"), "node-1"}).ok);
    CHECK(b.redis.query({"KEYS", "qr:{ERA234}*"}).items.size() == 7);
    CHECK(b.redis.query({"SISMEMBER", store::redis_keys::rooms, "ERA234"}).str == "1");

    CHECK(erase_and_wait(b.store(), "ERA234", "game-ERA234") == true);
    CHECK(b.redis.query({"KEYS", "qr:{ERA234}*"}).items.empty());
    CHECK(b.redis
              .query({"EXISTS", store::redis_keys::session("h:ERA234-p1"),
                      store::redis_keys::session("h:ERA234-p2"),
                      store::redis_keys::report("game-ERA234")})
              .str == "0");
    CHECK(b.redis.query({"SISMEMBER", store::redis_keys::rooms, "ERA234"}).str == "0");
}

TEST_CASE("a report that cannot be read for an outage says so") {
    redis_backend b;
    b.redis.stop();
    REQUIRE(eventually([&] { return !b.store().reachable(); }));
    const auto lookup = report_of(b.store(), "OUT234");
    REQUIRE(lookup.has_value());
    CHECK_FALSE(lookup->readable);
    CHECK(erase_and_wait(b.store(), "OUT234", "game-OUT234") == false);
    b.redis.start();
}
