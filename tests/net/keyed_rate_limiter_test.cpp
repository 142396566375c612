#include "net/keyed_rate_limiter.hpp"

#include <doctest/doctest.h>

#include <string>

using quizroom::net::keyed_rate_limiter;

TEST_CASE("a key gets its burst at once, then its rate, and other keys are not touched") {
    keyed_rate_limiter limiter({2, 3}, 100);
    for (int i = 0; i < 3; ++i) {
        CHECK(limiter.take("10.0.0.1", 0));
    }
    CHECK_FALSE(limiter.take("10.0.0.1", 0));
    CHECK_FALSE(limiter.has_token("10.0.0.1", 499));
    CHECK(limiter.take("10.0.0.2", 0));
    // Two a second: one more token after 500 ms.
    CHECK(limiter.has_token("10.0.0.1", 500));
    CHECK(limiter.take("10.0.0.1", 500));
    CHECK_FALSE(limiter.take("10.0.0.1", 500));
}

TEST_CASE("has_token takes nothing, and an unknown key has a full bucket") {
    keyed_rate_limiter limiter({1, 1}, 100);
    CHECK(limiter.has_token("a", 0));
    CHECK(limiter.has_token("a", 0));
    CHECK(limiter.size() == 0);
    CHECK(limiter.take("a", 0));
    CHECK_FALSE(limiter.has_token("a", 0));
}

TEST_CASE("refilled buckets are forgotten, so idle keys cost no memory") {
    keyed_rate_limiter limiter({10, 5}, 1000);
    for (int i = 0; i < 100; ++i) {
        CHECK(limiter.take("k" + std::to_string(i), 0));
    }
    CHECK(limiter.size() == 100);
    // One token a 100 ms: all full again after 100 ms; each call sweeps a few.
    for (int i = 0; i < 60; ++i) {
        limiter.take("new", 1000 + i);
    }
    CHECK(limiter.size() <= 1);
}

TEST_CASE("past the cap on keys the least recently used goes, and starts afresh") {
    keyed_rate_limiter limiter({0.001, 1}, 2);
    CHECK(limiter.take("a", 0));
    CHECK(limiter.take("b", 0));
    CHECK_FALSE(limiter.take("a", 1)); // a is now the most recently used
    CHECK(limiter.take("c", 2));       // pushes b out
    CHECK(limiter.size() == 2);
    CHECK_FALSE(limiter.take("a", 3));
    CHECK(limiter.take("b", 4)); // b was forgotten: a full bucket again
}
