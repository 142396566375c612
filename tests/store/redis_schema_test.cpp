// The exact commands a batch becomes, without a server: one MULTI per room,
// keys tagged with the room code, absolute writes only.

#include "store/redis_schema.hpp"
#include "store/redis_url.hpp"
#include "tests/store/records.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace quizroom;
using namespace quizroom::store_tests;

namespace {

bool has(const std::vector<store::redis_command>& cs, const store::redis_command& prefix) {
    return std::any_of(cs.begin(), cs.end(), [&](const auto& c) {
        return c.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), c.begin());
    });
}

} // namespace

TEST_CASE("a room's keys carry its code as a Redis Cluster hash tag") {
    CHECK(store::redis_keys::room("KQ4RT7") == "qr:{KQ4RT7}:room");
    CHECK(store::redis_keys::players("KQ4RT7") == "qr:{KQ4RT7}:players");
    CHECK(store::redis_keys::leaderboard("KQ4RT7") == "qr:{KQ4RT7}:lb");
    CHECK(store::redis_keys::answers("KQ4RT7", 3) == "qr:{KQ4RT7}:answers:3");
    CHECK(store::redis_keys::session("abc") == "qr:session:abc");
}

TEST_CASE("a batch is one MULTI of absolute writes, and never an increment") {
    const auto cs = store::batch_commands({room_rec("KQ4RT7", protocol::phase::question, 1),
                                           player_rec("KQ4RT7", "p1", 1400),
                                           answer_rec("KQ4RT7", 1, "p1", 600)});
    REQUIRE(!cs.empty());
    CHECK(cs.front() == store::redis_command{"MULTI"});
    CHECK(std::count(cs.begin(), cs.end(), store::redis_command{"MULTI"}) == 1);
    CHECK(std::count(cs.begin(), cs.end(), store::redis_command{"EXEC"}) == 1);
    CHECK(has(cs, {"HSET", "qr:{KQ4RT7}:players", "p1"}));
    CHECK(has(cs, {"ZADD", "qr:{KQ4RT7}:lb", "1400", "p1"}));
    CHECK(has(cs, {"HSET", "qr:{KQ4RT7}:answers:1", "p1"}));
    CHECK(has(cs, {"SET", "qr:session:h:KQ4RT7-p1", "KQ4RT7 p1", "EX", "86400"}));
    CHECK(has(cs, {"EXPIRE", "qr:{KQ4RT7}:answers:0", "86400"}));
    CHECK(has(cs, {"SADD", "qr:rooms", "KQ4RT7"}));
    for (const auto& c : cs) {
        CHECK(c[0].find("INCR") == std::string::npos);
    }
}

TEST_CASE("a kicked player's session key is deleted") {
    const auto cs =
        store::batch_commands({player_rec("KQ4RT7", "p1", 0, game::player_status::kicked)});
    CHECK(has(cs, {"DEL", "qr:session:h:KQ4RT7-p1"}));
    CHECK_FALSE(has(cs, {"SET", "qr:session:h:KQ4RT7-p1"}));
}

TEST_CASE("store URLs: host, port, password and database") {
    std::string why;
    const auto full = store::parse_redis_url("redis://:s3cr:et@cache.internal:6380/2", why);
    REQUIRE(full.has_value());
    CHECK(full->host == "cache.internal");
    CHECK(full->port == 6380);
    CHECK(full->password == "s3cr:et");
    CHECK(full->db == 2);
    CHECK(full->describe() == "redis://cache.internal:6380/2");

    const auto bare = store::parse_redis_url("redis://", why);
    REQUIRE(bare.has_value());
    CHECK(bare->host == "127.0.0.1");
    CHECK(bare->port == 6379);
    CHECK(bare->db == 0);

    const auto v6 = store::parse_redis_url("redis://[::1]:7000", why);
    REQUIRE(v6.has_value());
    CHECK(v6->host == "::1");
    CHECK(v6->port == 7000);

    CHECK_FALSE(store::parse_redis_url("http://localhost", why).has_value());
    CHECK_FALSE(store::parse_redis_url("redis://localhost:99999", why).has_value());
    CHECK(why == "the port must be a number from 1 to 65535");
    CHECK_FALSE(store::parse_redis_url("redis://localhost/x", why).has_value());
}
