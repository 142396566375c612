#include "game/scoring.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace quizroom::game;

TEST_CASE("speed scoring: 100% at 0 ms, 50% at the limit, linear in between") {
    struct row {
        std::int64_t ms;
        int points;
    };
    // round(1000 x (1 - ms / 20000 / 2))
    const std::vector<row> table = {
        {0, 1000},    {1, 1000},    {2000, 950},  {5000, 875},  {10000, 750}, {15000, 625},
        {19999, 500}, {20000, 500}, {25000, 500}, {60000, 500}, // beyond the limit: never under
                                                                // half
    };
    for (const auto& r : table) {
        CAPTURE(r.ms);
        CHECK(base_points(scoring_mode::speed, 1000, r.ms, 20000, 1.0) == r.points);
    }
    // Rounding to the nearest point: 500 x (1 - 1 / 30000 / 2) = 499.99 -> 500.
    CHECK(base_points(scoring_mode::speed, 500, 1, 30000, 1.0) == 500);
    // 750 x (1 - 3000 / 10000 / 2) = 637.5 -> 638 (half away from zero).
    CHECK(base_points(scoring_mode::speed, 750, 3000, 10000, 1.0) == 638);
}

TEST_CASE("speed scoring gives nothing for a wrong answer, whatever the time") {
    CHECK(base_points(scoring_mode::speed, 1000, 0, 20000, 0.0) == 0);
    CHECK(base_points(scoring_mode::speed, 1000, 20000, 20000, 0.0) == 0);
}

TEST_CASE("accuracy scoring: the question's points for any correct answer") {
    CHECK(base_points(scoring_mode::accuracy, 1000, 0, 20000, 1.0) == 1000);
    CHECK(base_points(scoring_mode::accuracy, 1000, 19999, 20000, 1.0) == 1000);
    CHECK(base_points(scoring_mode::accuracy, 1000, 20000, 20000, 1.0) == 1000);
    CHECK(base_points(scoring_mode::accuracy, 1000, 5000, 20000, 0.0) == 0);
    CHECK(base_points(scoring_mode::accuracy, 250, 5000, 20000, 1.0) == 250);
}

TEST_CASE("partial credit multiplies the points and rounds once") {
    struct row {
        scoring_mode mode;
        int points;
        std::int64_t ms;
        double credit;
        int expected;
    };
    const std::vector<row> table = {
        {scoring_mode::speed, 1000, 0, 0.5, 500},
        {scoring_mode::speed, 1000, 10000, 0.5, 375},      // 1000 x 0.75 x 0.5
        {scoring_mode::speed, 1000, 20000, 0.5, 250},      // 1000 x 0.5 x 0.5
        {scoring_mode::speed, 1000, 0, 1.0 / 3.0, 333},    // 333.33 -> 333
        {scoring_mode::speed, 1000, 0, 2.0 / 3.0, 667},    // 666.67 -> 667
        {scoring_mode::speed, 1000, 4000, 2.0 / 3.0, 600}, // 1000 x 0.9 x 2/3 = 600
        {scoring_mode::speed, 999, 0, 0.5, 500},           // 499.5 -> 500
        {scoring_mode::accuracy, 1000, 7000, 0.5, 500},
        {scoring_mode::accuracy, 1000, 7000, 0.25, 250},
        {scoring_mode::accuracy, 1, 0, 0.5, 1}, // 0.5 -> 1
        {scoring_mode::accuracy, 1000, 0, 0.0, 0},
    };
    for (const auto& r : table) {
        CAPTURE(r.points);
        CAPTURE(r.ms);
        CAPTURE(r.credit);
        CHECK(base_points(r.mode, r.points, r.ms, 20000, r.credit) == r.expected);
    }
}

TEST_CASE("streak bonus: 100 per consecutive correct answer after the first, capped at 500") {
    const int expected[] = {0, 0, 100, 200, 300, 400, 500, 500, 500};
    for (int streak = 0; streak <= 8; ++streak) {
        CAPTURE(streak);
        CHECK(streak_bonus(streak) == expected[streak]);
    }
    CHECK(streak_bonus(100) == 500);
}

namespace {

std::vector<std::string> ids(const ranking& r) {
    std::vector<std::string> out;
    for (const auto& e : r.order) {
        out.push_back(e.id);
    }
    return out;
}

} // namespace

TEST_CASE("ranks by score descending; ties share a rank and the next rank skips (1, 2, 2, 4)") {
    const ranking r = rank_players({
        {"a", "Ada", 500, 9000},
        {"b", "Bob", 900, 9000},
        {"c", "Cy", 500, 3000},
        {"d", "Dee", 100, 1000},
    });
    CHECK(ids(r) == std::vector<std::string>{"b", "c", "a", "d"});
    CHECK(r.ranks == std::vector<int>{1, 2, 2, 4});
}

TEST_CASE("tied players are listed by total answer time, then by name") {
    const ranking r = rank_players({
        {"z", "Zed", 700, 4000},
        {"y", "Amy", 700, 4000},
        {"x", "Max", 700, 2500},
        {"w", "Bea", 800, 99999},
    });
    CHECK(ids(r) == std::vector<std::string>{"w", "x", "y", "z"});
    CHECK(r.ranks == std::vector<int>{1, 2, 2, 2});
}

TEST_CASE("the top of a ranking is the start of the whole one, ranks and all") {
    std::vector<ranked_entry> entries;
    for (int i = 0; i < 200; ++i) {
        // Many ties on score, some on time too, so that names decide.
        entries.push_back({"p" + std::to_string(i), "N" + std::to_string((i * 37) % 200),
                           (i * 7) % 13 * 100, (i % 3) * 1000});
    }
    const ranking all = rank_players(entries);
    const auto all_ids = ids(all);
    for (const std::size_t top : {0U, 1U, 3U, 10U, 199U, 200U, 500U}) {
        CAPTURE(top);
        const ranking r = rank_players(entries, top);
        const std::size_t n = std::min<std::size_t>(top, entries.size());
        REQUIRE(r.order.size() == n);
        CHECK(ids(r) == std::vector<std::string>(all_ids.begin(), all_ids.begin() + n));
        CHECK(r.ranks == std::vector<int>(all.ranks.begin(), all.ranks.begin() + n));
    }
}

TEST_CASE("everyone tied at zero shares rank 1; nobody gives an empty ranking") {
    const ranking r = rank_players({{"a", "B", 0, 0}, {"b", "A", 0, 0}, {"c", "C", 0, 0}});
    CHECK(ids(r) == std::vector<std::string>{"b", "a", "c"});
    CHECK(r.ranks == std::vector<int>{1, 1, 1});

    const ranking none = rank_players({});
    CHECK(none.order.empty());
    CHECK(none.ranks.empty());
}

TEST_CASE("a rank after several ties counts everyone above (1, 1, 3, 3, 5)") {
    const ranking r = rank_players({
        {"a", "A", 10, 0},
        {"b", "B", 10, 0},
        {"c", "C", 5, 0},
        {"d", "D", 5, 0},
        {"e", "E", 1, 0},
    });
    CHECK(r.ranks == std::vector<int>{1, 1, 3, 3, 5});
}
